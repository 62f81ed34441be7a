using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kms.Cli.Envelope;

/// <summary>
/// The header of an envelope-encrypted file (docs/envelope-file-format.md): magic, version, chunk size, nonce prefix,
/// the data key wrapped by the service, from version 2 the id of the key that wrapped it, and a SHA-256 digest of all
/// of that. Every chunk's associated data holds the digest, so a changed header makes every chunk fail; checking the
/// digest first also reports a damaged header before the service is asked to unwrap the key. Version 1 files (no key
/// id) are still read.
/// </summary>
internal sealed class EnvelopeHeader
{
    public static ReadOnlySpan<byte> Magic => "KMSF"u8;
    public const byte Version = 2;
    public const byte Version1 = 1;
    public const int MaxKeyIdBytes = 2048;
    public const int DefaultChunkSize = 64 * 1024;
    public const int MaxChunkSize = 16 * 1024 * 1024;
    public const int NoncePrefixSize = 8;
    public const int DigestSize = 32;
    private const int FixedSize = 4 + 1 + 4 + NoncePrefixSize + 2;

    private EnvelopeHeader(int chunkSize, byte[] noncePrefix, byte[] wrappedKey, string? keyId, byte[] encoded)
    {
        ChunkSize = chunkSize;
        NoncePrefix = noncePrefix;
        WrappedKey = wrappedKey;
        KeyId = keyId;
        Encoded = encoded;
    }

    /// <summary>Plaintext bytes in every chunk but the last.</summary>
    public int ChunkSize { get; }

    public byte[] NoncePrefix { get; }

    /// <summary>The data key as the service's CiphertextBlob.</summary>
    public byte[] WrappedKey { get; }

    /// <summary>The id of the key that wrapped the data key, bound into the decrypt call; null in a version 1 file.</summary>
    public string? KeyId { get; }

    /// <summary>The header as written, digest last.</summary>
    public byte[] Encoded { get; }

    public ReadOnlySpan<byte> Digest => Encoded.AsSpan(Encoded.Length - DigestSize);

    public static EnvelopeHeader Create(byte[] wrappedKey, string keyId, int chunkSize = DefaultChunkSize)
    {
        if (wrappedKey.Length is 0 or > ushort.MaxValue) throw new ArgumentException("The wrapped key must be 1 to 65535 bytes.", nameof(wrappedKey));
        var keyIdBytes = System.Text.Encoding.UTF8.GetBytes(keyId);
        if (keyIdBytes.Length is 0 or > MaxKeyIdBytes) throw new ArgumentException($"The key id must be 1 to {MaxKeyIdBytes} bytes.", nameof(keyId));
        if (chunkSize is < 1 or > MaxChunkSize) throw new ArgumentOutOfRangeException(nameof(chunkSize));
        var prefix = RandomNumberGenerator.GetBytes(NoncePrefixSize);
        var keyIdAt = FixedSize + wrappedKey.Length;
        var digestAt = keyIdAt + 2 + keyIdBytes.Length;
        var encoded = new byte[digestAt + DigestSize];
        Magic.CopyTo(encoded);
        encoded[4] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(encoded.AsSpan(5), (uint)chunkSize);
        prefix.CopyTo(encoded, 9);
        BinaryPrimitives.WriteUInt16BigEndian(encoded.AsSpan(9 + NoncePrefixSize), (ushort)wrappedKey.Length);
        wrappedKey.CopyTo(encoded, FixedSize);
        BinaryPrimitives.WriteUInt16BigEndian(encoded.AsSpan(keyIdAt), (ushort)keyIdBytes.Length);
        keyIdBytes.CopyTo(encoded, keyIdAt + 2);
        SHA256.HashData(encoded.AsSpan(0, digestAt), encoded.AsSpan(digestAt));
        return new EnvelopeHeader(chunkSize, prefix, wrappedKey, keyId, encoded);
    }

    /// <summary>Reads and checks a header, leaving <paramref name="input"/> at the first chunk.</summary>
    public static async Task<EnvelopeHeader> ReadAsync(Stream input, CancellationToken ct)
    {
        var fixedPart = new byte[FixedSize];
        await ReadExactly(input, fixedPart, ct);
        if (!fixedPart.AsSpan(0, 4).SequenceEqual(Magic)) throw new IntegrityException("this is not a file written by kms encrypt-file (no KMSF header).");
        // The version decides the layout, so it is checked before the digest it would otherwise be covered by.
        var version = fixedPart[4];
        if (version is not (Version1 or Version)) throw new IntegrityException($"format version {version} is not one this kms reads (it reads 1 and {Version}).");
        var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(9 + NoncePrefixSize));
        var keyIdAt = FixedSize + wrappedLength;
        var signed = new byte[keyIdAt + (version == Version ? 2 : 0)];
        fixedPart.CopyTo(signed, 0);
        await ReadExactly(input, signed.AsMemory(FixedSize), ct);
        var keyIdLength = version == Version ? BinaryPrimitives.ReadUInt16BigEndian(signed.AsSpan(keyIdAt)) : 0;
        var encoded = new byte[signed.Length + keyIdLength + DigestSize];
        signed.CopyTo(encoded, 0);
        await ReadExactly(input, encoded.AsMemory(signed.Length), ct);
        var digestAt = encoded.Length - DigestSize;
        var expected = SHA256.HashData(encoded.AsSpan(0, digestAt));
        if (!CryptographicOperations.FixedTimeEquals(expected, encoded.AsSpan(digestAt)))
            throw new IntegrityException("the file's header is damaged (its digest does not match).");
        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(encoded.AsSpan(5));
        if (chunkSize is < 1 or > MaxChunkSize || wrappedLength == 0 || (version == Version && keyIdLength is 0 or > MaxKeyIdBytes))
            throw new IntegrityException("the file's header holds impossible values.");
        string? keyId = null;
        if (version == Version)
        {
            try
            {
                keyId = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(encoded, keyIdAt + 2, keyIdLength);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new IntegrityException("the file's header holds a key id that is not UTF-8.");
            }
        }
        return new EnvelopeHeader((int)chunkSize, encoded[9..(9 + NoncePrefixSize)], encoded[FixedSize..keyIdAt], keyId, encoded);
    }

    private static async Task ReadExactly(Stream input, Memory<byte> buffer, CancellationToken ct)
    {
        try
        {
            await input.ReadExactlyAsync(buffer, ct);
        }
        catch (EndOfStreamException)
        {
            throw new IntegrityException("the file ends inside its header.");
        }
    }
}
