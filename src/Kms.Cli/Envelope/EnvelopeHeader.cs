using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kms.Cli.Envelope;

/// <summary>
/// The header of an envelope-encrypted file (docs/envelope-file-format.md): magic, version, chunk size, nonce prefix,
/// the data key wrapped by the service, and a SHA-256 digest of all of that. Every chunk's associated data holds the
/// digest, so a changed header makes every chunk fail; checking the digest first also reports a damaged header
/// before the service is asked to unwrap the key.
/// </summary>
internal sealed class EnvelopeHeader
{
    public static ReadOnlySpan<byte> Magic => "KMSF"u8;
    public const byte Version = 1;
    public const int DefaultChunkSize = 64 * 1024;
    public const int MaxChunkSize = 16 * 1024 * 1024;
    public const int NoncePrefixSize = 8;
    public const int DigestSize = 32;
    private const int FixedSize = 4 + 1 + 4 + NoncePrefixSize + 2;

    private EnvelopeHeader(int chunkSize, byte[] noncePrefix, byte[] wrappedKey, byte[] encoded)
    {
        ChunkSize = chunkSize;
        NoncePrefix = noncePrefix;
        WrappedKey = wrappedKey;
        Encoded = encoded;
    }

    /// <summary>Plaintext bytes in every chunk but the last.</summary>
    public int ChunkSize { get; }

    public byte[] NoncePrefix { get; }

    /// <summary>The data key as the service's CiphertextBlob.</summary>
    public byte[] WrappedKey { get; }

    /// <summary>The header as written, digest last.</summary>
    public byte[] Encoded { get; }

    public ReadOnlySpan<byte> Digest => Encoded.AsSpan(Encoded.Length - DigestSize);

    public static EnvelopeHeader Create(byte[] wrappedKey, int chunkSize = DefaultChunkSize)
    {
        if (wrappedKey.Length is 0 or > ushort.MaxValue) throw new ArgumentException("The wrapped key must be 1 to 65535 bytes.", nameof(wrappedKey));
        if (chunkSize is < 1 or > MaxChunkSize) throw new ArgumentOutOfRangeException(nameof(chunkSize));
        var prefix = RandomNumberGenerator.GetBytes(NoncePrefixSize);
        var encoded = new byte[FixedSize + wrappedKey.Length + DigestSize];
        Magic.CopyTo(encoded);
        encoded[4] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(encoded.AsSpan(5), (uint)chunkSize);
        prefix.CopyTo(encoded, 9);
        BinaryPrimitives.WriteUInt16BigEndian(encoded.AsSpan(9 + NoncePrefixSize), (ushort)wrappedKey.Length);
        wrappedKey.CopyTo(encoded, FixedSize);
        SHA256.HashData(encoded.AsSpan(0, FixedSize + wrappedKey.Length), encoded.AsSpan(FixedSize + wrappedKey.Length));
        return new EnvelopeHeader(chunkSize, prefix, wrappedKey, encoded);
    }

    /// <summary>Reads and checks a header, leaving <paramref name="input"/> at the first chunk.</summary>
    public static async Task<EnvelopeHeader> ReadAsync(Stream input, CancellationToken ct)
    {
        var fixedPart = new byte[FixedSize];
        await ReadExactly(input, fixedPart, ct);
        if (!fixedPart.AsSpan(0, 4).SequenceEqual(Magic)) throw new IntegrityException("this is not a file written by kms encrypt-file (no KMSF header).");
        var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(9 + NoncePrefixSize));
        var encoded = new byte[FixedSize + wrappedLength + DigestSize];
        fixedPart.CopyTo(encoded, 0);
        await ReadExactly(input, encoded.AsMemory(FixedSize), ct);
        var expected = SHA256.HashData(encoded.AsSpan(0, FixedSize + wrappedLength));
        if (!CryptographicOperations.FixedTimeEquals(expected, encoded.AsSpan(FixedSize + wrappedLength)))
            throw new IntegrityException("the file's header is damaged (its digest does not match).");
        if (encoded[4] != Version) throw new IntegrityException($"format version {encoded[4]} is not one this kms reads (it reads {Version}).");
        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(encoded.AsSpan(5));
        if (chunkSize is < 1 or > MaxChunkSize || wrappedLength == 0) throw new IntegrityException("the file's header holds impossible values.");
        return new EnvelopeHeader((int)chunkSize, encoded[9..(9 + NoncePrefixSize)], encoded[FixedSize..(FixedSize + wrappedLength)], encoded);
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
