using System.Security.Cryptography;
using Kms.Actors.Crypto;
using Kms.Actors.Tests.Vectors;

namespace Kms.Actors.Tests.Crypto;

/// <summary>
/// Blobs written by an earlier Kms (Vectors/crypto-vectors.json) must decrypt for as long as their key exists: a
/// changed derivation label, header byte or associated-data layout fails here, where a round trip would not notice.
/// </summary>
public sealed class CiphertextVectorTests
{
    private static readonly CryptoVectors.Set Vectors = CryptoVectors.Load();

    public static TheoryData<string> Names => new(Vectors.Ciphertexts.Select(c => c.Name));

    private static CryptoVectors.Ciphertext Vector(string name) => Vectors.Ciphertexts.Single(c => c.Name == name);

    private static ParsedCiphertext Parse(CryptoVectors.Ciphertext vector)
    {
        Assert.True(CiphertextFormat.TryParse(Convert.FromBase64String(vector.Blob), out var parsed, out var error), error);
        return parsed;
    }

    [Fact]
    public void The_vectors_cover_several_versions_contexts_and_a_4096_byte_plaintext()
    {
        Assert.True(Vectors.Ciphertexts.Select(c => (c.KeyId, c.KeyVersion)).Distinct().Count() >= 3);
        Assert.Contains(Vectors.Ciphertexts, c => c.EncryptionContext is null);
        Assert.Contains(Vectors.Ciphertexts, c => c.EncryptionContext is { Count: > 1 });
        Assert.Contains(Vectors.Ciphertexts, c => Convert.FromBase64String(c.Plaintext).Length == 4096);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_committed_blob_names_its_key_and_version(string name)
    {
        var vector = Vector(name);
        var parsed = Parse(vector);

        Assert.Equal(vector.KeyId, parsed.KeyId);
        Assert.Equal(vector.KeyVersion, parsed.KeyVersion);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_committed_blob_decrypts_to_its_plaintext(string name)
    {
        var vector = Vector(name);

        var plaintext = DataCipher.Decrypt(Convert.FromHexString(vector.Material), Parse(vector), vector.EncryptionContext);

        Assert.Equal(Convert.FromBase64String(vector.Plaintext), plaintext);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_committed_blob_decrypts_through_the_key_actors_cipher_first_and_from_a_kept_message_key(string name)
    {
        var vector = Vector(name);
        using var cipher = new KeyVersionCipher(Convert.FromHexString(vector.Material));
        var expected = Convert.FromBase64String(vector.Plaintext);

        Assert.Equal(expected, cipher.Decrypt(Parse(vector), vector.EncryptionContext));
        Assert.Equal(expected, cipher.Decrypt(Parse(vector), vector.EncryptionContext));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Todays_header_for_the_blobs_salt_and_nonce_is_the_committed_header(string name)
    {
        var vector = Vector(name);
        var parsed = Parse(vector);
        var header = new byte[parsed.Header.Length];

        var written = CiphertextFormat.WriteHeader(header, vector.KeyId, vector.KeyVersion, parsed.Salt.Span, parsed.Nonce.Span);

        Assert.Equal(header.Length, written);
        Assert.Equal(vector.Header, Convert.ToHexStringLower(header));
        Assert.Equal(vector.Header, Convert.ToHexStringLower(parsed.Header.Span));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_encryption_context_encodes_to_the_committed_bytes(string name)
    {
        var vector = Vector(name);

        Assert.Equal(vector.EncodedContext, Convert.ToHexStringLower(EncryptionContextEncoding.Encode(vector.EncryptionContext)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_committed_blob_is_refused_under_another_encryption_context(string name)
    {
        var vector = Vector(name);
        var other = new Dictionary<string, string>(vector.EncryptionContext ?? new Dictionary<string, string>()) { ["another"] = "context" };

        Assert.ThrowsAny<CryptographicException>(() => DataCipher.Decrypt(Convert.FromHexString(vector.Material), Parse(vector), other));
    }
}
