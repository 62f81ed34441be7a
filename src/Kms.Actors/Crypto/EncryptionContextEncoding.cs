using System.Buffers.Binary;
using System.Text;

namespace Kms.Actors.Crypto;

/// <summary>
/// Canonical, unambiguous bytes for an encryption context: pairs sorted by ordinal key, each string
/// length-prefixed, so <c>{"ab":"c"}</c> and <c>{"a":"bc"}</c> never encode alike.
/// </summary>
public static class EncryptionContextEncoding
{
    public static byte[] Encode(IReadOnlyDictionary<string, string>? context)
    {
        var buffer = new byte[GetByteCount(context)];
        Write(context, buffer);
        return buffer;
    }

    /// <summary>The length of the encoding: 4 bytes for a missing or empty context.</summary>
    public static int GetByteCount(IReadOnlyDictionary<string, string>? context)
    {
        var size = 4;
        if (context is null || context.Count == 0) return size;
        foreach (var (key, value) in context) size += 8 + Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        return size;
    }

    /// <summary>Writes the encoding into the first <see cref="GetByteCount"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(IReadOnlyDictionary<string, string>? context, Span<byte> destination)
    {
        if (context is null || context.Count == 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, 0);
            return;
        }
        var pairs = context.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)pairs.Length);
        var offset = 4;
        foreach (var (key, value) in pairs)
        {
            offset = WriteString(destination, offset, key);
            offset = WriteString(destination, offset, value);
        }
    }

    private static int WriteString(Span<byte> span, int offset, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, span[(offset + 4)..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)length);
        return offset + 4 + length;
    }
}
