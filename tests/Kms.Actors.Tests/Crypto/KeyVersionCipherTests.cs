using System.Security.Cryptography;
using System.Text;
using Kms.Actors.Crypto;

namespace Kms.Actors.Tests.Crypto;

public sealed class KeyVersionCipherTests
{
    private const string KeyId = "4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5f";
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("the quick brown fox jumps over the lazy dog");

    private static readonly Dictionary<string, string> Context = new()
    {
        ["tenant"] = "acme",
    };

    private static ParsedCiphertext Parse(byte[] blob)
    {
        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out var error), error);
        return parsed;
    }

    private static byte[] SaltOf(byte[] blob) => Parse(blob).Salt.ToArray();

    [Fact]
    public void Decrypt_returns_the_plaintext_that_was_encrypted()
    {
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32));

        var blob = cipher.Encrypt(KeyId, 2, Plaintext, Context);

        Assert.Equal(Plaintext, cipher.Decrypt(Parse(blob), Context));
        Assert.Equal(2, Parse(blob).KeyVersion);
    }

    [Fact]
    public void Its_blobs_and_DataCipher_blobs_decrypt_with_either()
    {
        var material = RandomNumberGenerator.GetBytes(32);
        using var cipher = new KeyVersionCipher((byte[])material.Clone());

        cipher.Encrypt(KeyId, 1, Plaintext, Context);
        var kept = cipher.Encrypt(KeyId, 1, Plaintext, Context);
        var perMessage = DataCipher.Encrypt(material, KeyId, 1, Plaintext, Context);

        Assert.Equal(Plaintext, DataCipher.Decrypt(material, Parse(kept), Context));
        Assert.Equal(Plaintext, cipher.Decrypt(Parse(perMessage), Context));
    }

    [Fact]
    public void Messages_under_one_salt_each_have_their_own_nonce()
    {
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32));

        cipher.Encrypt(KeyId, 1, Plaintext, null);
        var blobs = Enumerable.Range(0, 200).Select(_ => Parse(cipher.Encrypt(KeyId, 1, Plaintext, null))).ToList();

        Assert.Single(blobs.Select(b => Convert.ToHexString(b.Salt.Span)).Distinct());
        Assert.Equal(blobs.Count, blobs.Select(b => Convert.ToHexString(b.Nonce.Span)).Distinct().Count());
        Assert.Equal(blobs.Count, blobs.Select(b => Convert.ToHexString(b.Ciphertext.Span)).Distinct().Count());
    }

    [Fact]
    public void A_salt_serves_at_most_the_given_number_of_messages()
    {
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32), messagesPerSalt: 3);
        cipher.Encrypt(KeyId, 1, Plaintext, null);

        var salts = Enumerable.Range(0, 7).Select(_ => Convert.ToHexString(SaltOf(cipher.Encrypt(KeyId, 1, Plaintext, null)))).ToList();

        Assert.Equal(salts[0], salts[1]);
        Assert.Equal(salts[0], salts[2]);
        Assert.NotEqual(salts[2], salts[3]);
        Assert.Equal(salts[3], salts[5]);
        Assert.NotEqual(salts[5], salts[6]);
        Assert.Equal(3, salts.Distinct().Count());
    }

    [Fact]
    public void The_first_message_has_a_salt_of_its_own_and_the_second_starts_the_kept_one()
    {
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32));

        var salts = Enumerable.Range(0, 3).Select(_ => Convert.ToHexString(SaltOf(cipher.Encrypt(KeyId, 1, Plaintext, null)))).ToList();

        Assert.NotEqual(salts[0], salts[1]);
        Assert.Equal(salts[1], salts[2]);
    }

    [Fact]
    public void Messages_of_retired_and_forgotten_salts_still_decrypt()
    {
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32), messagesPerSalt: 1);
        var plaintexts = Enumerable.Range(0, KeyVersionCipher.DecryptionKeys * 3).Select(i => Encoding.UTF8.GetBytes($"message {i}")).ToList();

        var blobs = plaintexts.Select(p => cipher.Encrypt(KeyId, 1, p, Context)).ToList();

        Assert.Equal(blobs.Count, blobs.Select(b => Convert.ToHexString(SaltOf(b))).Distinct().Count());
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < blobs.Count; i++) Assert.Equal(plaintexts[i], cipher.Decrypt(Parse(blobs[i]), Context));
        }
    }

    [Fact]
    public void A_tampered_blob_or_another_context_is_refused_even_when_its_salt_is_kept()
    {
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32));
        var blob = cipher.Encrypt(KeyId, 1, Plaintext, Context);
        Assert.Equal(Plaintext, cipher.Decrypt(Parse(blob), Context));

        var tampered = (byte[])blob.Clone();
        tampered[^20] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(Parse(tampered), Context));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(Parse(blob), new Dictionary<string, string> { ["tenant"] = "other" }));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(Parse(blob), null));
        Assert.Equal(Plaintext, cipher.Decrypt(Parse(blob), Context));
    }

    [Fact]
    public void Another_key_versions_material_does_not_decrypt_its_blobs()
    {
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32));
        using var other = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32));

        var blob = cipher.Encrypt(KeyId, 1, Plaintext, null);

        Assert.ThrowsAny<CryptographicException>(() => other.Decrypt(Parse(blob), null));
    }

    [Fact]
    public void Dispose_wipes_the_material_and_refuses_further_use()
    {
        var material = RandomNumberGenerator.GetBytes(32);
        var cipher = new KeyVersionCipher(material);
        var blob = cipher.Encrypt(KeyId, 1, Plaintext, null);

        cipher.Dispose();

        Assert.All(material, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => cipher.Encrypt(KeyId, 1, Plaintext, null));
        Assert.Throws<ObjectDisposedException>(() => cipher.Decrypt(Parse(blob), null));
        Assert.Throws<ObjectDisposedException>(() => cipher.Material.Length);
        cipher.Dispose();
    }

    [Fact]
    public void A_salt_count_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyVersionCipher(new byte[32], messagesPerSalt: 0));
}
