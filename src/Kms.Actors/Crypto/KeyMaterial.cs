using System.Security.Cryptography;

namespace Kms.Actors.Crypto;

/// <summary>
/// A key's unwrapped material, one <see cref="KeyVersionCipher"/> per version, and the crypto commands run with it:
/// the code that serves Encrypt, Decrypt, GenerateDataKey, GenerateMac and VerifyMac, both in the key's own actor and
/// on a node holding a lease of the key, so both answer the same. Not thread-safe:
/// its owner serializes the calls. The material is wiped on <see cref="Dispose"/>.
/// </summary>
public sealed class KeyMaterial(string keyId) : IDisposable
{
    private readonly Dictionary<int, KeyVersionCipher> _versions = new();

    public string KeyId { get; } = keyId;

    /// <summary>Holds a version's unwrapped material (its <see cref="KeyVersionCipher"/> owns it from now on).</summary>
    public void Hold(int version, byte[] material)
    {
        if (_versions.Remove(version, out var previous)) previous.Dispose();
        _versions[version] = new KeyVersionCipher(material);
    }

    /// <summary>Holds every version of an unwrap's result.</summary>
    public void HoldAll(IReadOnlyDictionary<int, byte[]> materials)
    {
        foreach (var (version, material) in materials) Hold(version, material);
    }

    /// <summary>
    /// Runs a crypto command that <see cref="KeyDomain.Decide"/> answered with <paramref name="use"/>; a decrypt
    /// decrypts the blob as Decide parsed it.
    /// An unexpected failure (not a bad ciphertext) is answered as an internal error and handed back in
    /// <paramref name="failure"/> for the caller to log: this class has no log, and the log must not see material.
    /// </summary>
    public IKeyReply Run(IKeyCommand command, KeyDecision.UseVersion use, out Exception? failure) => Run(command, use.Version, use.Ciphertext, out failure);

    /// <summary>As <see cref="Run(IKeyCommand, KeyDecision.UseVersion, out Exception?)"/>, for a caller that kept only the version: a decrypt's blob is parsed again.</summary>
    public IKeyReply Run(IKeyCommand command, int version, out Exception? failure) => Run(command, version, null, out failure);

    private IKeyReply Run(IKeyCommand command, int version, ParsedCiphertext? ciphertext, out Exception? failure)
    {
        failure = null;
        try
        {
            return RunUnchecked(command, version, ciphertext);
        }
        catch (Exception e) when (e is not CryptographicException)
        {
            failure = e;
            return new KeyReplies.Failed(new KmsError(KmsErrorCode.Internal, "The operation failed inside the key store."));
        }
    }

    private IKeyReply RunUnchecked(IKeyCommand command, int version, ParsedCiphertext? ciphertext)
    {
        var cipher = _versions[version];
        switch (command)
        {
            case KeyCommands.Encrypt encrypt:
                return new KeyReplies.Encrypted(KeyId, cipher.Encrypt(KeyId, version, encrypt.Plaintext, encrypt.EncryptionContext));
            case KeyCommands.GenerateDataKey dataKey:
                var plaintext = RandomNumberGenerator.GetBytes(dataKey.NumberOfBytes);
                return new KeyReplies.DataKey(KeyId, plaintext, cipher.Encrypt(KeyId, version, plaintext, dataKey.EncryptionContext));
            case KeyCommands.Decrypt decrypt:
                var blob = ciphertext ?? ParsedUnderKey(decrypt.CiphertextBlob);
                try
                {
                    return new KeyReplies.Decrypted(KeyId, cipher.Decrypt(blob, decrypt.EncryptionContext));
                }
                catch (CryptographicException)
                {
                    return new KeyReplies.Failed(KmsError.InvalidCiphertext(
                        "The ciphertext is invalid: it was altered, or the encryption context does not match."));
                }
            case KeyCommands.GenerateMac mac:
                return new KeyReplies.Mac(KeyId, MessageAuthentication.Compute(mac.Algorithm, cipher.Material, mac.Message), mac.Algorithm);
            case KeyCommands.VerifyMac verify:
                return MessageAuthentication.Verify(verify.Algorithm, cipher.Material, verify.Message, verify.Mac)
                    ? new KeyReplies.MacVerified(KeyId, verify.Algorithm)
                    : new KeyReplies.Failed(new KmsError(KmsErrorCode.InvalidMac, "The MAC does not verify with this key and message."));
            default:
                return new KeyReplies.Failed(KmsError.Validation($"Unsupported command {command.GetType().Name}."));
        }
    }

    /// <summary>Decide has checked the blob: parsing it again only slices it.</summary>
    private ParsedCiphertext ParsedUnderKey(byte[] blob)
    {
        CiphertextFormat.TryParseUnder(blob, KeyId, out var parsed, out _);
        return parsed;
    }

    /// <summary>Wipes every version's material; the instance holds nothing after, and may hold again.</summary>
    public void Dispose()
    {
        foreach (var cipher in _versions.Values) cipher.Dispose();
        _versions.Clear();
    }
}
