using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Actors.Crypto;

/// <summary>
/// Wraps key material under a master key with AES-256-GCM. The key id and version are the associated
/// data, so a wrapped blob moved to another key or version fails to unwrap. Layout: nonce (12) | ciphertext | tag (16).
/// </summary>
public static class KeyWrap
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Wrap(ReadOnlySpan<byte> masterKey, string keyId, int version, ReadOnlySpan<byte> material)
    {
        var wrapped = new byte[NonceSize + material.Length + TagSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(masterKey, TagSize);
        aes.Encrypt(nonce, material, wrapped.AsSpan(NonceSize, material.Length), wrapped.AsSpan(NonceSize + material.Length), AssociatedData(keyId, version));
        return wrapped;
    }

    /// <summary>Unwraps; throws <see cref="CryptographicException"/> under the wrong master key, id or version.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> masterKey, string keyId, int version, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length < NonceSize + TagSize) throw new CryptographicException("Wrapped key material is truncated.");
        var material = new byte[wrapped.Length - NonceSize - TagSize];
        using var aes = new AesGcm(masterKey, TagSize);
        aes.Decrypt(wrapped[..NonceSize], wrapped[NonceSize..^TagSize], wrapped[^TagSize..], material, AssociatedData(keyId, version));
        return material;
    }

    /// <summary>The associated data that binds wrapped material to its key and version; HSM wrapping uses it too.</summary>
    public static byte[] AssociatedData(string keyId, int version)
    {
        var label = Encoding.UTF8.GetBytes("kms/key-wrap/v1\0" + keyId + "\0");
        var aad = new byte[label.Length + 4];
        label.CopyTo(aad, 0);
        BinaryPrimitives.WriteUInt32BigEndian(aad.AsSpan(label.Length), (uint)version);
        return aad;
    }
}
