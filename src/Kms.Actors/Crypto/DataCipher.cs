using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Actors.Crypto;

/// <summary>
/// Encrypts and decrypts data under one version of a key. A message is encrypted with AES-256-GCM under a
/// message key derived with HKDF-SHA256 from the key material and a random 128-bit salt, with a random
/// 96-bit nonce; salt and nonce travel in the blob, and the blob header and the encryption context are the
/// associated data (docs/ciphertext-format.md). <see cref="Encrypt"/> draws a salt for every message;
/// <see cref="KeyVersionCipher"/>, which the key actor uses, keeps one salt's message key for a bounded
/// number of messages. The blobs are the same either way.
/// </summary>
public static class DataCipher
{
    private static readonly byte[] HkdfInfo = Encoding.ASCII.GetBytes("kms/data-key/v1");

    /// <summary>Encrypts one message under a message key of its own (a fresh salt).</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> material, string keyId, int keyVersion, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        // The salt is public in the blob: drawn from this thread's buffer of CSPRNG output.
        Span<byte> salt = stackalloc byte[CiphertextFormat.SaltSize];
        PublicRandom.Fill(salt);
        using var messageKey = DeriveMessageKey(material, salt);
        return Seal(messageKey, keyId, keyVersion, salt, plaintext, context);
    }

    /// <summary>Decrypts a parsed blob; throws <see cref="CryptographicException"/> when it was tampered with or the context differs.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> material, in ParsedCiphertext blob, IReadOnlyDictionary<string, string>? context)
    {
        using var messageKey = DeriveMessageKey(material, blob.Salt.Span);
        return Open(messageKey, blob, context);
    }

    /// <summary>
    /// The AES-GCM context of the message key for one salt: <c>HKDF-SHA256(material, salt, "kms/data-key/v1")</c>.
    /// The derived bytes are wiped once the context holds them; the caller disposes the context.
    /// </summary>
    internal static AesGcm DeriveMessageKey(ReadOnlySpan<byte> material, ReadOnlySpan<byte> salt)
    {
        Span<byte> messageKey = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, material, messageKey, salt, HkdfInfo);
            return new AesGcm(messageKey, CiphertextFormat.TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }
    }

    /// <summary>A blob for one message under the message key of <paramref name="salt"/>, with a fresh random nonce.</summary>
    internal static byte[] Seal(AesGcm messageKey, string keyId, int keyVersion, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        // The nonce is public in the blob, like the salt.
        Span<byte> nonce = stackalloc byte[CiphertextFormat.NonceSize];
        PublicRandom.Fill(nonce);

        var headerSize = CiphertextFormat.HeaderSize(Encoding.UTF8.GetByteCount(keyId));
        var blob = new byte[headerSize + plaintext.Length + CiphertextFormat.TagSize];
        CiphertextFormat.WriteHeader(blob, keyId, keyVersion, salt, nonce);
        var aadLength = AssociatedDataLength(headerSize, context);
        var rented = aadLength > StackAssociatedData ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        var aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        try
        {
            WriteAssociatedData(aad, blob.AsSpan(0, headerSize), context);
            messageKey.Encrypt(nonce, plaintext, blob.AsSpan(headerSize, plaintext.Length), blob.AsSpan(headerSize + plaintext.Length), aad);
            return blob;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The plaintext of a parsed blob under its salt's message key; throws <see cref="CryptographicException"/> when the tag does not verify.</summary>
    internal static byte[] Open(AesGcm messageKey, in ParsedCiphertext blob, IReadOnlyDictionary<string, string>? context)
    {
        var plaintext = new byte[blob.Ciphertext.Length];
        var aadLength = AssociatedDataLength(blob.Header.Length, context);
        var rented = aadLength > StackAssociatedData ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        var aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        try
        {
            WriteAssociatedData(aad, blob.Header.Span, context);
            messageKey.Decrypt(blob.Nonce.Span, blob.Ciphertext.Span, blob.Tag.Span, plaintext, aad);
            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Associated data up to this size (a header and a small encryption context) is built on the stack; larger
    /// goes in a pooled buffer. Neither is secret: both travel in the clear, in the blob and the request.
    /// </summary>
    private const int StackAssociatedData = 512;

    private static int AssociatedDataLength(int headerLength, IReadOnlyDictionary<string, string>? context) =>
        headerLength + EncryptionContextEncoding.GetByteCount(context);

    /// <summary>The associated data of a message: the blob's header, then the encoded encryption context.</summary>
    private static void WriteAssociatedData(Span<byte> destination, ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string>? context)
    {
        header.CopyTo(destination);
        EncryptionContextEncoding.Write(context, destination[header.Length..]);
    }
}
