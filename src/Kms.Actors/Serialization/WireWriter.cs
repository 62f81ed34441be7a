using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Actors.Serialization;

/// <summary>
/// Writes the binary layout of <see cref="WireFormat"/>: unsigned LEB128 lengths and counts, UTF-8 strings and
/// byte strings each after their length. Plaintexts pass through its buffer, so every array it leaves behind (on
/// growing, when done, or when a write fails) is wiped first: call <see cref="ToArray"/> or <see cref="Dispose"/>.
/// </summary>
internal ref struct WireWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer;
    private int _written;

    /// <summary>Starts with room for a hot message (a 256-byte plaintext and a small context); larger ones grow it.</summary>
    public WireWriter()
    {
        _buffer = new byte[512];
    }

    /// <summary>The message written so far, in an array of its own; the working buffer is wiped.</summary>
    public byte[] ToArray()
    {
        var bytes = _buffer.AsSpan(0, _written).ToArray();
        Dispose();
        return bytes;
    }

    /// <summary>Wipes the working buffer (a write that failed leaves part of a message in it).</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _written));
        _written = 0;
    }

    private Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _written < size)
        {
            var larger = new byte[Math.Max(checked(_written + size), checked(_buffer.Length * 2))];
            _buffer.AsSpan(0, _written).CopyTo(larger);
            CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _written));
            _buffer = larger;
        }
        return _buffer.AsSpan(_written);
    }

    private void Advance(int count) => _written += count;

    public void WriteCount(int value)
    {
        var remaining = (uint)value;
        var span = GetSpan(5);
        var i = 0;
        while (remaining >= 0x80)
        {
            span[i++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }
        span[i++] = (byte)remaining;
        Advance(i);
    }

    public void WriteBytes(byte[]? value)
    {
        if (value is null) throw new SerializationException("A byte string of a binary message is null.");
        WriteCount(value.Length);
        value.CopyTo(GetSpan(value.Length));
        Advance(value.Length);
    }

    /// <summary>Strict UTF-8, as the reader's: a lone surrogate is refused here rather than sent as U+FFFD.</summary>
    public void WriteString(string? value)
    {
        if (value is null) throw new SerializationException("A string of a binary message is null.");
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new SerializationException("A string of a binary message is not valid UTF-16 (a lone surrogate).");
        }
        WriteCount(length);
        StrictUtf8.GetBytes(value, GetSpan(length));
        Advance(length);
    }

    /// <summary>Enums go by name, as in the journal, so reordering an enum does not change what a value means on the wire.</summary>
    public void WriteEnum<T>(T value) where T : struct, Enum =>
        WriteString(Enum.IsDefined(value) ? value.ToString() : throw new SerializationException($"{typeof(T).Name} {value} is not a defined value."));

    /// <summary>An optional map as its count plus one (0 meaning none), then each key and value.</summary>
    public void WriteOptionalMap(IReadOnlyDictionary<string, string>? map)
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
