using System.Buffers.Binary;
using System.Text;

namespace Kms.Actors.Crypto;

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
        parsed = default;
        var span = blob.Span;
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
        int idLength = span[2];
        if (idLength == 0 || span.Length < Overhead(idLength))
        {
            error = "The ciphertext is truncated.";
            return false;
        }
        string keyId;
        try
        {
            keyId = StrictUtf8.GetString(span.Slice(3, idLength));
        }
        catch (DecoderFallbackException)
        {
            error = "The ciphertext header is malformed.";
            return false;
        }
        var offset = 3 + idLength;
        var version = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
        if (version is 0 or > int.MaxValue)
        {
            error = "The ciphertext header is malformed.";
            return false;
        }
        var headerSize = HeaderSize(idLength);
        parsed = new ParsedCiphertext(
            keyId,
            (int)version,
            blob[..headerSize],
            blob.Slice(offset + 4, SaltSize),
            blob.Slice(offset + 4 + SaltSize, NonceSize),
            blob[headerSize..^TagSize],
            blob[^TagSize..]);
        error = "";
        return true;
    }
}
