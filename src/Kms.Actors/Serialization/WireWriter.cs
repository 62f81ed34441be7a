using System.Buffers;
using System.Runtime.Serialization;
using System.Text;

namespace Kms.Actors.Serialization;

/// <summary>
/// Writes the binary layout of <see cref="WireFormat"/>: unsigned LEB128 lengths and counts, UTF-8 strings and
/// byte strings each after their length. One buffer per thread is reused, so a message costs one exact-size array.
/// </summary>
internal ref struct WireWriter
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? _cached;

    private readonly ArrayBufferWriter<byte> _buffer;

    public WireWriter()
    {
        _buffer = _cached ??= new ArrayBufferWriter<byte>(256);
        _buffer.ResetWrittenCount();
    }

    public readonly byte[] ToArray()
    {
        var bytes = _buffer.WrittenSpan.ToArray();
        // Plaintexts pass through this buffer: do not leave them in a long-lived array.
        _buffer.Clear();
        if (_buffer.Capacity > 64 * 1024) _cached = null;
        return bytes;
    }

    public readonly void WriteCount(int value)
    {
        var remaining = (uint)value;
        var span = _buffer.GetSpan(5);
        var i = 0;
        while (remaining >= 0x80)
        {
            span[i++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }
        span[i++] = (byte)remaining;
        _buffer.Advance(i);
    }

    public readonly void WriteBytes(byte[]? value)
    {
        if (value is null) throw new SerializationException("A byte string of a binary message is null.");
        WriteCount(value.Length);
        _buffer.Write(value);
    }

    public readonly void WriteString(string? value)
    {
        if (value is null) throw new SerializationException("A string of a binary message is null.");
        var length = Encoding.UTF8.GetByteCount(value);
        WriteCount(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>Enums go by name, as in the journal, so reordering an enum does not change what a value means on the wire.</summary>
    public readonly void WriteEnum<T>(T value) where T : struct, Enum =>
        WriteString(Enum.IsDefined(value) ? value.ToString() : throw new SerializationException($"{typeof(T).Name} {value} is not a defined value."));

    /// <summary>An optional map as its count plus one (0 meaning none), then each key and value.</summary>
    public readonly void WriteOptionalMap(IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            WriteCount(0);
            return;
        }
        WriteCount(checked(map.Count + 1));
        foreach (var (key, value) in map)
        {
            WriteString(key);
            WriteString(value);
        }
    }
}
