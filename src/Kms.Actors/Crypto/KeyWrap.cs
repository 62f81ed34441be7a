using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Actors.Crypto;

/// <summary>
/// Wraps key material under a master key with AES-256-GCM. The <see cref="KeyWrapBinding"/> (key id, version,
/// and from format 2 on spec and usage) is the associated data, so a wrapped blob moved to another key or
/// version, or relabelled with another spec or usage, fails to unwrap. Layout: nonce (12) | ciphertext | tag (16).
/// </summary>
public static class KeyWrap
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Wrap(ReadOnlySpan<byte> masterKey, KeyWrapBinding binding, ReadOnlySpan<byte> material)
    {
        var wrapped = new byte[NonceSize + material.Length + TagSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(masterKey, TagSize);
        aes.Encrypt(nonce, material, wrapped.AsSpan(NonceSize, material.Length), wrapped.AsSpan(NonceSize + material.Length), AssociatedData(binding));
        return wrapped;
    }

    /// <summary>Unwraps; throws <see cref="CryptographicException"/> under the wrong master key, id or version.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> masterKey, KeyWrapBinding binding, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length < NonceSize + TagSize) throw new CryptographicException("Wrapped key material is truncated.");
        var material = new byte[wrapped.Length - NonceSize - TagSize];
        using var aes = new AesGcm(masterKey, TagSize);
        aes.Decrypt(wrapped[..NonceSize], wrapped[NonceSize..^TagSize], wrapped[^TagSize..], material, AssociatedData(binding));
        return material;
    }

    /// <summary>
    /// The associated data that binds wrapped material to its key version (HSM wrapping uses it too). Format 1:
    /// <c>"kms/key-wrap/v1\0" || key id || "\0" || uint32 BE version</c>; format 2: <c>"kms/key-wrap/v2\0" || key id || "\0" ||
    /// uint32 BE version || spec || "\0" || usage</c>, spec and usage by their AWS names (<c>SYMMETRIC_DEFAULT</c>,
    /// <c>ENCRYPT_DECRYPT</c>), spelled out here so that renaming a C# enum member cannot change the bytes.
    /// </summary>
    public static byte[] AssociatedData(KeyWrapBinding binding)
    {
        var label = Encoding.UTF8.GetBytes(binding.Format switch
        {
            1 => "kms/key-wrap/v1\0",
            2 => "kms/key-wrap/v2\0",
            _ => throw new CryptographicException($"Unknown key wrap format {binding.Format}."),
        } + binding.KeyId + "\0");
        var suffix = binding.Format == 1 ? [] : Encoding.UTF8.GetBytes(SpecName(binding.Spec) + "\0" + UsageName(binding.Usage));
        var aad = new byte[label.Length + 4 + suffix.Length];
        label.CopyTo(aad, 0);
        BinaryPrimitives.WriteUInt32BigEndian(aad.AsSpan(label.Length), (uint)binding.Version);
        suffix.CopyTo(aad, label.Length + 4);
        return aad;
    }

    private static string SpecName(KeySpec spec) => spec switch
    {
        KeySpec.SymmetricDefault => "SYMMETRIC_DEFAULT",
        KeySpec.Hmac256 => "HMAC_256",
        KeySpec.Hmac384 => "HMAC_384",
        KeySpec.Hmac512 => "HMAC_512",
        _ => throw new CryptographicException($"No wrap name for key spec {spec}."),
    };

    private static string UsageName(KeyUsage usage) => usage switch
    {
        KeyUsage.EncryptDecrypt => "ENCRYPT_DECRYPT",
        KeyUsage.GenerateVerifyMac => "GENERATE_VERIFY_MAC",
        _ => throw new CryptographicException($"No wrap name for key usage {usage}."),
    };
}
