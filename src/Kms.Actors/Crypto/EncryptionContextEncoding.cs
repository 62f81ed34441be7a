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
        if (context is null || context.Count == 0) return [0, 0, 0, 0];
        var pairs = context.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var size = 4 + pairs.Sum(p => 8 + Encoding.UTF8.GetByteCount(p.Key) + Encoding.UTF8.GetByteCount(p.Value));
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)pairs.Length);
        var offset = 4;
        foreach (var (key, value) in pairs)
        {
            offset = WriteString(span, offset, key);
            offset = WriteString(span, offset, value);
        }
        return buffer;
    }

    private static int WriteString(Span<byte> span, int offset, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, span[(offset + 4)..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)length);
        return offset + 4 + length;
    }
}
