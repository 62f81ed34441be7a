using System.Runtime.Serialization;
using System.Text;

namespace Kms.Actors.Serialization;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote. Every length is checked against the bytes left before anything is
/// allocated, so truncated, garbled or forged input ends in a <see cref="SerializationException"/>.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> bytes, string manifest)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly void End()
    {
        if (_position != _bytes.Length) throw Malformed($"{_bytes.Length - _position} bytes follow the end of the message");
    }

    public int ReadCount()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (_position >= _bytes.Length) throw Malformed("it ends inside a length");
            var next = _bytes[_position++];
            if (shift == 28 && next > 0x07) throw Malformed("a length exceeds 2^31 - 1");
            value |= (uint)(next & 0x7F) << shift;
            if (next < 0x80) return (int)value;
        }
        throw Malformed("a length exceeds 2^31 - 1");
    }

    public byte[] ReadBytes() => Take(ReadCount()).ToArray();

    public string ReadString()
    {
        var utf8 = Take(ReadCount());
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("a string is not valid UTF-8");
        }
    }

    public T ReadEnum<T>() where T : struct, Enum
    {
        var name = ReadString();
        // TryParse also takes numbers and comma lists; only a defined name is a value.
        return Enum.TryParse<T>(name, ignoreCase: false, out var value) && Enum.IsDefined(value) && value.ToString() == name
            ? value
            : throw Malformed($"'{(name.Length <= 40 ? name : name[..40] + "…")}' is not a {typeof(T).Name}");
    }

    public Dictionary<string, string>? ReadOptionalMap()
    {
        var countPlusOne = ReadCount();
        if (countPlusOne == 0) return null;
        var count = countPlusOne - 1;
        // Each pair takes at least two bytes (two empty strings), so a forged count cannot allocate much.
        if (count > (_bytes.Length - _position) / 2) throw Malformed("a map claims more pairs than bytes left");
        // Presized only up to what an encryption context may hold; a larger map grows as it is read.
        var map = new Dictionary<string, string>(Math.Min(count, 64), StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString();
            if (!map.TryAdd(key, ReadString())) throw Malformed("a map repeats a key");
        }
        return map;
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _bytes.Length - _position) throw Malformed($"a length of {length} exceeds the {_bytes.Length - _position} bytes left");
        var slice = _bytes.Slice(_position, length);
        _position += length;
        return slice;
    }

    private readonly SerializationException Malformed(string why) => new($"Malformed {manifest} message: {why}.");
}
