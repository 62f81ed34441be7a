using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
namespace Kms.Domain.Tests.Ciphertexts;

public sealed class CiphertextFormatTests
{
    private const string KeyId = "4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5f";

    /// <summary>
    /// A blob laid out as the cipher lays it out (header, a ciphertext as long as the plaintext, tag); the bytes after
    /// the key version are random, since parsing never decrypts.
    /// </summary>
    private static byte[] Blob(string keyId, int keyVersion, byte[] plaintext)
    {
        var blob = new byte[CiphertextFormat.Overhead(Encoding.UTF8.GetByteCount(keyId)) + plaintext.Length];
        RandomNumberGenerator.Fill(blob);
        CiphertextFormat.WriteHeader(blob, keyId, keyVersion, RandomNumberGenerator.GetBytes(CiphertextFormat.SaltSize),
            RandomNumberGenerator.GetBytes(CiphertextFormat.NonceSize));
        return blob;
    }

    [Fact]
    public void A_blob_parses_back_its_key_id_version_and_parts()
    {
        var plaintext = Encoding.UTF8.GetBytes("attack at dawn");
        var blob = Blob(KeyId, 7, plaintext);

        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out var error), error);

        Assert.Equal(KeyId, parsed.KeyId);
        Assert.Equal(7, parsed.KeyVersion);
        var idBytes = Encoding.UTF8.GetByteCount(KeyId);
        Assert.Equal(CiphertextFormat.HeaderSize(idBytes), parsed.Header.Length);
        Assert.Equal(CiphertextFormat.SaltSize, parsed.Salt.Length);
        Assert.Equal(CiphertextFormat.NonceSize, parsed.Nonce.Length);
        Assert.Equal(plaintext.Length, parsed.Ciphertext.Length);
        Assert.Equal(CiphertextFormat.TagSize, parsed.Tag.Length);
        Assert.Equal(plaintext.Length + CiphertextFormat.Overhead(idBytes), blob.Length);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5f")]
    [InlineData("clé-ключ-鍵")]
    public void TryParseUnder_gives_the_same_parts_for_the_blob_s_own_key(string keyId)
    {
        var blob = Blob(keyId, 3, [1, 2, 3, 4]);

        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out _));
        Assert.True(CiphertextFormat.TryParseUnder(blob, keyId, out var under, out var error), error);
        Assert.Equal(keyId, under.KeyId);
        Assert.Equal(parsed.KeyVersion, under.KeyVersion);
        Assert.True(parsed.Header.Span.SequenceEqual(under.Header.Span));
        Assert.True(parsed.Salt.Span.SequenceEqual(under.Salt.Span));
        Assert.True(parsed.Nonce.Span.SequenceEqual(under.Nonce.Span));
        Assert.True(parsed.Ciphertext.Span.SequenceEqual(under.Ciphertext.Span));
        Assert.True(parsed.Tag.Span.SequenceEqual(under.Tag.Span));
    }

    [Theory]
    [InlineData("4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5e")] // one character differs
    [InlineData("4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5")] // a prefix
    [InlineData("4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5ff")] // one character more
    [InlineData("")]
    public void TryParseUnder_refuses_a_blob_of_another_key(string otherKey)
    {
        var blob = Blob(KeyId, 1, [1]);

        Assert.False(CiphertextFormat.TryParseUnder(blob, otherKey, out _, out var error));
        Assert.Equal(CiphertextFormat.OtherKeyError, error);
    }

    [Fact]
    public void TryParseUnder_refuses_a_key_longer_than_a_blob_can_name_and_reports_malformed_blobs_as_TryParse_does()
    {
        var blob = Blob(KeyId, 1, [1]);
        Assert.False(CiphertextFormat.TryParseUnder(blob, new string('x', 300), out _, out var error));
        Assert.Equal(CiphertextFormat.OtherKeyError, error);

        foreach (var length in new[] { 0, 2, 30, CiphertextFormat.Overhead(KeyId.Length) - 1 })
        {
            Assert.False(CiphertextFormat.TryParse(blob.AsMemory(0, length), out _, out var expected));
            Assert.False(CiphertextFormat.TryParseUnder(blob.AsMemory(0, length), KeyId, out _, out var actual));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void WriteHeader_lays_out_magic_version_key_id_key_version_salt_and_nonce()
    {
        var salt = Enumerable.Range(0x10, CiphertextFormat.SaltSize).Select(i => (byte)i).ToArray();
        var nonce = Enumerable.Range(0x40, CiphertextFormat.NonceSize).Select(i => (byte)i).ToArray();
        var header = new byte[CiphertextFormat.HeaderSize(3)];

        var written = CiphertextFormat.WriteHeader(header, "abc", 0x01020304, salt, nonce);

        byte[] expected = [(byte)'K', 0x01, 3, (byte)'a', (byte)'b', (byte)'c', 0x01, 0x02, 0x03, 0x04, .. salt, .. nonce];
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, header);
    }

    [Theory]
    [InlineData("k")]
    [InlineData("clé-ключ-鍵")]
    [InlineData("alias/with spaces and ünïcödé")]
    public void Key_ids_round_trip_through_the_header_as_UTF8(string keyId)
    {
        var blob = Blob(keyId, 1, [1, 2, 3]);

        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out var error), error);
        Assert.Equal(keyId, parsed.KeyId);
        Assert.Equal(Encoding.UTF8.GetByteCount(keyId), blob[2]);
    }

    [Fact]
    public void A_key_id_of_255_bytes_round_trips()
    {
        var keyId = new string('x', CiphertextFormat.MaxKeyIdBytes);
        var blob = Blob(keyId, 1, [1]);

        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out var error), error);
        Assert.Equal(keyId, parsed.KeyId);
    }

    [Fact]
    public void The_largest_key_version_round_trips()
    {
        var blob = Blob(KeyId, int.MaxValue, [1]);

        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out var error), error);
        Assert.Equal(int.MaxValue, parsed.KeyVersion);
    }

    [Fact]
    public void WriteHeader_refuses_a_key_id_longer_than_255_bytes()
    {
        var keyId = new string('x', CiphertextFormat.MaxKeyIdBytes + 1);
        var header = new byte[CiphertextFormat.HeaderSize(keyId.Length)];

        Assert.Throws<ArgumentException>(() => CiphertextFormat.WriteHeader(header, keyId, 1, new byte[16], new byte[12]));
    }

    [Fact]
    public void WriteHeader_refuses_an_empty_key_id()
    {
        var header = new byte[CiphertextFormat.HeaderSize(0)];

        Assert.Throws<ArgumentException>(() => CiphertextFormat.WriteHeader(header, "", 1, new byte[16], new byte[12]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void WriteHeader_refuses_a_key_version_below_1(int version)
    {
        var header = new byte[CiphertextFormat.HeaderSize(1)];

        Assert.Throws<ArgumentOutOfRangeException>(() => CiphertextFormat.WriteHeader(header, "k", version, new byte[16], new byte[12]));
    }

    public static TheoryData<byte[]> NotKmsBlobs => new()
    {
        Array.Empty<byte>(),
        new byte[] { (byte)'K' },
        new byte[] { (byte)'K', 0x01 },
        new byte[] { (byte)'K', 0x01, 0x05, (byte)'a', (byte)'b' },
        Encoding.ASCII.GetBytes("this is not a ciphertext blob at all, only some text"),
        Enumerable.Repeat((byte)0, 100).ToArray(),
        Encoding.ASCII.GetBytes("AQICAHh4zC5dM9wBq1Yd+Z2jQ=="),
    };

    [Theory]
    [MemberData(nameof(NotKmsBlobs))]
    public void Garbage_empty_and_short_input_fail_to_parse_with_a_reason(byte[] input)
    {
        Assert.False(CiphertextFormat.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public void A_blob_with_another_format_version_is_refused(byte version)
    {
        var blob = Blob(KeyId, 1, [1, 2, 3]);
        blob[1] = version;

        Assert.False(CiphertextFormat.TryParse(blob, out _, out var error));
        Assert.Contains("version", error);
    }

    [Fact]
    public void Every_truncation_shorter_than_the_overhead_fails_to_parse()
    {
        var blob = Blob(KeyId, 1, []);
        Assert.Equal(CiphertextFormat.Overhead(Encoding.UTF8.GetByteCount(KeyId)), blob.Length);
        Assert.True(CiphertextFormat.TryParse(blob, out _, out _));

        for (var length = 0; length < blob.Length; length++)
        {
            Assert.False(CiphertextFormat.TryParse(blob.AsMemory(0, length), out _, out var error), $"length {length}");
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public void A_zero_key_id_length_is_refused()
    {
        var blob = Blob(KeyId, 1, [1, 2, 3]);
        blob[2] = 0;

        Assert.False(CiphertextFormat.TryParse(blob, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_key_id_that_is_not_valid_UTF8_is_refused()
    {
        var blob = Blob("ab", 1, [1, 2, 3]);
        blob[3] = 0xC3;
        blob[4] = 0x28;

        Assert.False(CiphertextFormat.TryParse(blob, out _, out var error));
        Assert.Contains("malformed", error);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x8000_0000u)]
    [InlineData(uint.MaxValue)]
    public void A_key_version_of_zero_or_beyond_int_range_is_refused(uint version)
    {
        var blob = Blob("ab", 1, [1, 2, 3]);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(3 + 2), version);

        Assert.False(CiphertextFormat.TryParse(blob, out _, out var error));
        Assert.Contains("malformed", error);
    }
}
