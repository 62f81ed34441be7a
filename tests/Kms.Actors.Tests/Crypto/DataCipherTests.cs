using System.Security.Cryptography;
using System.Text;
using Kms.Actors.Crypto;

namespace Kms.Actors.Tests.Crypto;

public sealed class DataCipherTests
{
    private const string KeyId = "4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5f";
    private static readonly byte[] Material = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("the quick brown fox jumps over the lazy dog");

    private static readonly Dictionary<string, string> Context = new()
    {
        ["tenant"] = "acme",
        ["purpose"] = "backup",
    };

    private static byte[] Decrypt(byte[] blob, IReadOnlyDictionary<string, string>? context, byte[]? material = null)
    {
        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out var error), error);
        return DataCipher.Decrypt(material ?? Material, parsed, context);
    }

    /// <summary>A damaged blob must be refused by the parser or by authenticated decryption; it must never decrypt.</summary>
    private static void AssertRefused(byte[] blob, string because)
    {
        if (!CiphertextFormat.TryParse(blob, out var parsed, out _)) return;
        var exception = Record.Exception(() => DataCipher.Decrypt(Material, parsed, Context));
        Assert.True(exception is CryptographicException, $"{because}: expected a CryptographicException, got {exception?.GetType().Name ?? "a plaintext"}");
    }

    [Fact]
    public void Decrypt_returns_the_plaintext_that_was_encrypted()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 3, Plaintext, Context);

        Assert.Equal(Plaintext, Decrypt(blob, Context));
    }

    [Fact]
    public void An_empty_plaintext_round_trips()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, [], null);

        Assert.Empty(Decrypt(blob, null));
    }

    [Fact]
    public void The_blob_does_not_contain_the_plaintext()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, null);

        Assert.Equal(-1, blob.AsSpan().IndexOf(Plaintext.AsSpan(0, 8)));
    }

    [Fact]
    public void Two_encryptions_of_the_same_plaintext_differ()
    {
        var first = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);
        var second = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);

        Assert.NotEqual(first, second);
        Assert.True(CiphertextFormat.TryParse(first, out var a, out _));
        Assert.True(CiphertextFormat.TryParse(second, out var b, out _));
        Assert.NotEqual(a.Salt.ToArray(), b.Salt.ToArray());
        Assert.NotEqual(a.Nonce.ToArray(), b.Nonce.ToArray());
        Assert.NotEqual(a.Ciphertext.ToArray(), b.Ciphertext.ToArray());
    }

    [Fact]
    public void Every_single_byte_flip_anywhere_in_the_blob_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 2, Plaintext, Context);

        for (var position = 0; position < blob.Length; position++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var tampered = (byte[])blob.Clone();
                tampered[position] ^= mask;
                AssertRefused(tampered, $"byte {position} xor 0x{mask:X2}");
            }
        }
    }

    [Fact]
    public void Every_truncation_of_the_blob_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 2, Plaintext, Context);

        for (var length = 0; length < blob.Length; length++)
            AssertRefused(blob[..length], $"truncated to {length} bytes");
    }

    [Fact]
    public void A_blob_with_bytes_appended_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 2, Plaintext, Context);

        AssertRefused([.. blob, 0x00], "one byte appended");
    }

    [Fact]
    public void Decrypt_under_other_key_material_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(blob, Context, RandomNumberGenerator.GetBytes(32)));
    }

    [Fact]
    public void Decrypt_with_a_different_encryption_context_value_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);
        var other = new Dictionary<string, string>(Context) { ["tenant"] = "acme2" };

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(blob, other));
    }

    [Fact]
    public void Decrypt_with_a_renamed_encryption_context_key_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);
        var other = new Dictionary<string, string> { ["Tenant"] = "acme", ["purpose"] = "backup" };

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(blob, other));
    }

    [Fact]
    public void Decrypt_with_an_encryption_context_pair_missing_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);
        var other = new Dictionary<string, string> { ["tenant"] = "acme" };

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(blob, other));
    }

    [Fact]
    public void Decrypt_without_the_encryption_context_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(blob, null));
    }

    [Fact]
    public void Decrypt_with_an_extra_encryption_context_pair_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);
        var other = new Dictionary<string, string>(Context) { ["extra"] = "" };

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(blob, other));
    }

    [Fact]
    public void Decrypt_with_a_context_when_none_was_given_is_refused()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, null);

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(blob, Context));
    }

    [Fact]
    public void Decrypt_with_the_same_context_pairs_in_another_insertion_order_succeeds()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, Context);
        var reordered = new Dictionary<string, string> { ["purpose"] = "backup", ["tenant"] = "acme" };

        Assert.Equal(Plaintext, Decrypt(blob, reordered));
    }

    [Fact]
    public void An_empty_context_and_no_context_are_interchangeable()
    {
        var blob = DataCipher.Encrypt(Material, KeyId, 1, Plaintext, null);

        Assert.Equal(Plaintext, Decrypt(blob, new Dictionary<string, string>()));
    }
}
