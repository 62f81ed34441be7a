using System.Security.Cryptography;
using Kms.Actors.Crypto;

namespace Kms.Actors.MasterKey;

/// <summary>Wraps key material under a master key held in memory (derived from the passphrase at start-up).</summary>
public sealed class SoftwareMasterKeyProvider(byte[] masterKey) : IMasterKeyProvider
{
    private readonly byte[] _masterKey = masterKey.Length == 32 ? masterKey : throw new ArgumentException("The master key must be 256 bits.", nameof(masterKey));

    public string Name => "gokms";

    public GeneratedKeyMaterial Generate(KeyWrapBinding binding, int bytes)
    {
        var material = RandomNumberGenerator.GetBytes(bytes);
        return new GeneratedKeyMaterial(material, KeyWrap.Wrap(_masterKey, binding, material));
    }

    public byte[] Wrap(KeyWrapBinding binding, byte[] material) => KeyWrap.Wrap(_masterKey, binding, material);

    public byte[] Unwrap(KeyWrapBinding binding, byte[] wrapped) => KeyWrap.Unwrap(_masterKey, binding, wrapped);

    public byte[] DeriveJournalMacKey() => JournalMac.DeriveKey(_masterKey);

    public void Dispose() => CryptographicOperations.ZeroMemory(_masterKey);
}
