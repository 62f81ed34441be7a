using System.Security.Cryptography;
using System.Text;

namespace Kms.Actors.Crypto;

/// <summary>
/// Encrypts and decrypts data under one version of a key. Each message gets its own AES-256-GCM key,
/// derived with HKDF-SHA256 from the key material and a random 128-bit salt, so no (key, nonce) pair
/// repeats however many messages one key protects. The blob header and the encryption context are the
/// associated data.
/// </summary>
public static class DataCipher
{
    private static readonly byte[] HkdfInfo = Encoding.ASCII.GetBytes("kms/data-key/v1");

    public static byte[] Encrypt(ReadOnlySpan<byte> material, string keyId, int keyVersion, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        // Salt and nonce are public in the blob: drawn from this thread's buffer of CSPRNG output.
        Span<byte> random = stackalloc byte[CiphertextFormat.SaltSize + CiphertextFormat.NonceSize];
        PublicRandom.Fill(random);
        var salt = random[..CiphertextFormat.SaltSize];
        var nonce = random[CiphertextFormat.SaltSize..];

        var headerSize = CiphertextFormat.HeaderSize(Encoding.UTF8.GetByteCount(keyId));
        var blob = new byte[headerSize + plaintext.Length + CiphertextFormat.TagSize];
        CiphertextFormat.WriteHeader(blob, keyId, keyVersion, salt, nonce);

        Span<byte> messageKey = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, material, messageKey, salt, HkdfInfo);
            using var aes = new AesGcm(messageKey, CiphertextFormat.TagSize);
            var aad = AssociatedData(blob.AsSpan(0, headerSize), context);
            aes.Encrypt(nonce, plaintext, blob.AsSpan(headerSize, plaintext.Length), blob.AsSpan(headerSize + plaintext.Length), aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }
        return blob;
    }

    /// <summary>Decrypts a parsed blob; throws <see cref="CryptographicException"/> when it was tampered with or the context differs.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> material, in ParsedCiphertext blob, IReadOnlyDictionary<string, string>? context)
    {
        var plaintext = new byte[blob.Ciphertext.Length];
        Span<byte> messageKey = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, material, messageKey, blob.Salt.Span, HkdfInfo);
            using var aes = new AesGcm(messageKey, CiphertextFormat.TagSize);
            var aad = AssociatedData(blob.Header.Span, context);
            aes.Decrypt(blob.Nonce.Span, blob.Ciphertext.Span, blob.Tag.Span, plaintext, aad);
            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string>? context)
    {
        var encodedContext = EncryptionContextEncoding.Encode(context);
        var aad = new byte[header.Length + encodedContext.Length];
        header.CopyTo(aad);
        encodedContext.CopyTo(aad, header.Length);
        return aad;
    }
}
