using Kms.Actors.Crypto;

namespace Kms.Actors.Tests.Crypto;

public sealed class EncryptionContextEncodingTests
{
    [Fact]
    public void A_context_encodes_as_a_count_then_length_prefixed_keys_and_values()
    {
        var encoded = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["k"] = "vv" });

        byte[] expected = [0, 0, 0, 1, 0, 0, 0, 1, (byte)'k', 0, 0, 0, 2, (byte)'v', (byte)'v'];
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void Lengths_count_UTF8_bytes_not_characters()
    {
        var encoded = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["é"] = "鍵" });

        byte[] expected = [0, 0, 0, 1, 0, 0, 0, 2, 0xC3, 0xA9, 0, 0, 0, 3, 0xE9, 0x8D, 0xB5];
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void Moving_characters_between_a_key_and_its_value_changes_the_encoding()
    {
        var abC = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["ab"] = "c" });
        var aBc = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["a"] = "bc" });

        Assert.NotEqual(abC, aBc);
    }

    [Fact]
    public void Moving_characters_between_pairs_changes_the_encoding()
    {
        var first = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["a"] = "b", ["c"] = "d" });
        var second = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["a"] = "bc", ["d"] = "" });

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Swapping_a_key_and_its_value_changes_the_encoding()
    {
        var ab = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["a"] = "b" });
        var ba = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["b"] = "a" });

        Assert.NotEqual(ab, ba);
    }

    [Fact]
    public void An_empty_context_and_no_context_encode_the_same()
    {
        Assert.Equal(EncryptionContextEncoding.Encode(null), EncryptionContextEncoding.Encode(new Dictionary<string, string>()));
        Assert.Equal(new byte[4], EncryptionContextEncoding.Encode(null));
    }

    [Fact]
    public void A_pair_of_empty_strings_is_not_the_same_as_no_context()
    {
        var emptyPair = EncryptionContextEncoding.Encode(new Dictionary<string, string> { [""] = "" });

        Assert.NotEqual(EncryptionContextEncoding.Encode(null), emptyPair);
    }

    [Fact]
    public void Insertion_order_does_not_change_the_encoding()
    {
        var forward = new Dictionary<string, string> { ["alpha"] = "1", ["beta"] = "2", ["gamma"] = "3" };
        var backward = new Dictionary<string, string> { ["gamma"] = "3", ["beta"] = "2", ["alpha"] = "1" };

        Assert.Equal(EncryptionContextEncoding.Encode(forward), EncryptionContextEncoding.Encode(backward));
    }

    [Fact]
    public void Pairs_are_ordered_by_ordinal_key_so_upper_case_sorts_first()
    {
        var encoded = EncryptionContextEncoding.Encode(new Dictionary<string, string> { ["b"] = "lower", ["B"] = "upper" });

        byte[] expected =
        [
            0, 0, 0, 2,
            0, 0, 0, 1, (byte)'B', 0, 0, 0, 5, (byte)'u', (byte)'p', (byte)'p', (byte)'e', (byte)'r',
            0, 0, 0, 1, (byte)'b', 0, 0, 0, 5, (byte)'l', (byte)'o', (byte)'w', (byte)'e', (byte)'r',
        ];
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void Write_fills_exactly_GetByteCount_bytes_with_the_encoding()
    {
        foreach (var context in new Dictionary<string, string>?[] { null, new(), new() { ["é"] = "鍵", ["a"] = "" } })
        {
            var length = EncryptionContextEncoding.GetByteCount(context);
            var buffer = Enumerable.Repeat((byte)0xAA, length + 3).ToArray();

            EncryptionContextEncoding.Write(context, buffer);

            Assert.Equal(EncryptionContextEncoding.Encode(context), buffer[..length]);
            Assert.Equal([0xAA, 0xAA, 0xAA], buffer[length..]);
        }
    }
}
