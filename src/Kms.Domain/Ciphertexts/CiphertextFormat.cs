using System.Buffers.Binary;
using System.Text;

namespace Kms.Domain.Ciphertexts;

/// <summary>
/// The self-describing ciphertext blob, version 1 (see docs/ciphertext-format.md):
/// <c>'K' | 0x01 | keyIdLength | keyId (UTF-8) | keyVersion (uint32 BE) | salt (16) | nonce (12) | ciphertext | tag (16)</c>.
/// Everything before the ciphertext is the header, and the header is authenticated.
/// </summary>
public static class CiphertextFormat
{
    public const byte Magic = (byte)'K';
    public const byte Version1 = 1;
    public const int SaltSize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int MaxKeyIdBytes = 255;

    /// <summary>UTF-8 that throws on invalid bytes instead of replacing them.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes a blob adds to its plaintext for a key id of the given length.</summary>
    public static int Overhead(int keyIdBytes) => 2 + 1 + keyIdBytes + 4 + SaltSize + NonceSize + TagSize;

    public static int HeaderSize(int keyIdBytes) => 2 + 1 + keyIdBytes + 4 + SaltSize + NonceSize;

    /// <summary>Writes the header into <paramref name="destination"/> and returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, string keyId, int keyVersion, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce)
    {
        var idLength = Encoding.UTF8.GetByteCount(keyId);
        if (idLength is 0 or > MaxKeyIdBytes) throw new ArgumentException("Key id length is out of range.", nameof(keyId));
        if (keyVersion < 1) throw new ArgumentOutOfRangeException(nameof(keyVersion));
        destination[0] = Magic;
        destination[1] = Version1;
        destination[2] = (byte)idLength;
        var offset = 3 + Encoding.UTF8.GetBytes(keyId, destination[3..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], (uint)keyVersion);
        offset += 4;
        salt.CopyTo(destination[offset..]);
        offset += SaltSize;
        nonce.CopyTo(destination[offset..]);
        return offset + NonceSize;
    }

    /// <summary>Parses a blob's header. Returns false, with a reason that reveals nothing secret, for anything malformed.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> blob, out ParsedCiphertext parsed, out string error)
    {
        if (!TryParseHeader(blob.Span, out var idLength, out var version, out error))
        {
            parsed = default;
            return false;
        }
        string keyId;
        try
        {
            keyId = StrictUtf8.GetString(blob.Span.Slice(3, idLength));
        }
        catch (DecoderFallbackException)
        {
            parsed = default;
            error = "The ciphertext header is malformed.";
            return false;
        }
        parsed = Slice(blob, keyId, idLength, version);
        return true;
    }

    /// <summary>
    /// Parses the header of a blob that should be <paramref name="keyId"/>'s, as the key's own actor does: as
    /// <see cref="TryParse"/>, but the blob's key id is compared with <paramref name="keyId"/> as bytes, not
    /// decoded into a new string, and a blob of another key fails with <see cref="OtherKeyError"/>.
    /// </summary>
    public static bool TryParseUnder(ReadOnlyMemory<byte> blob, string keyId, out ParsedCiphertext parsed, out string error)
    {
        parsed = default;
        if (!TryParseHeader(blob.Span, out var idLength, out var version, out error)) return false;
        Span<byte> expected = stackalloc byte[MaxKeyIdBytes];
        if (!Encoding.UTF8.TryGetBytes(keyId, expected, out var expectedLength)
            || !blob.Span.Slice(3, idLength).SequenceEqual(expected[..expectedLength]))
        {
            error = OtherKeyError;
            return false;
        }
        parsed = Slice(blob, keyId, idLength, version);
        return true;
    }

    /// <summary>Why <see cref="TryParseUnder"/> refuses a well-formed blob that names another key.</summary>
    public const string OtherKeyError = "The ciphertext was not made under this key.";

    /// <summary>The checks every parse makes: magic, format version, lengths, and a key version in range.</summary>
    private static bool TryParseHeader(ReadOnlySpan<byte> span, out int idLength, out int keyVersion, out string error)
    {
        idLength = 0;
        keyVersion = 0;
        if (span.Length < 3 || span[0] != Magic)
        {
            error = "The ciphertext is not a Kms ciphertext blob.";
            return false;
        }
        if (span[1] != Version1)
        {
            error = $"Unsupported ciphertext format version {span[1]}.";
            return false;
        }
        idLength = span[2];
        if (idLength == 0 || span.Length < Overhead(idLength))
        {
            error = "The ciphertext is truncated.";
            return false;
        }
        var version = BinaryPrimitives.ReadUInt32BigEndian(span[(3 + idLength)..]);
        if (version is 0 or > int.MaxValue)
        {
            error = "The ciphertext header is malformed.";
            return false;
        }
        keyVersion = (int)version;
        error = "";
        return true;
    }

    private static ParsedCiphertext Slice(ReadOnlyMemory<byte> blob, string keyId, int idLength, int keyVersion)
    {
        var offset = 3 + idLength + 4;
        var headerSize = HeaderSize(idLength);
        return new ParsedCiphertext(
            keyId,
            keyVersion,
            blob[..headerSize],
            blob.Slice(offset, SaltSize),
            blob.Slice(offset + SaltSize, NonceSize),
            blob[headerSize..^TagSize],
            blob[^TagSize..]);
    }
}
