using System.Net;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Api;

public class CiphertextTamperingTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private async Task AssertRefused(byte[] blob, params string[] allowedTypes)
    {
        var response = await _client.Post("decrypt", new { CiphertextBlob = Convert.ToBase64String(blob) });
        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.Status}: {response.Body}");
        Assert.Contains(response.ErrorType, allowedTypes);
    }

    [Fact]
    public async Task Every_flipped_bit_position_is_InvalidCiphertext_or_names_an_unknown_key()
    {
        var keyId = await _client.CreateKey();
        var blob = Convert.FromBase64String(await _client.Encrypt(keyId, [1, 2, 3, 4, 5, 6, 7, 8]));
        for (var i = 0; i < blob.Length; i++)
        {
            var tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x04;
            // A flip inside the key id can name another well-formed key, which does not exist.
            await AssertRefused(tampered, "InvalidCiphertextException", "NotFoundException");
        }
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, await _client.Decrypt(Convert.ToBase64String(blob)));
    }

    [Fact]
    public async Task Every_truncation_is_InvalidCiphertext()
    {
        var keyId = await _client.CreateKey();
        var blob = Convert.FromBase64String(await _client.Encrypt(keyId, [1, 2, 3]));
        for (var length = 1; length < blob.Length; length++)
            await AssertRefused(blob[..length], "InvalidCiphertextException");
    }

    [Fact]
    public async Task Garbage_is_InvalidCiphertext_every_time()
    {
        var random = new Random(1234);
        for (var i = 0; i < 50; i++)
        {
            var garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            await AssertRefused(garbage, "InvalidCiphertextException");
        }
    }

    [Fact]
    public async Task An_empty_blob_is_a_ValidationException()
    {
        var response = await _client.Post("decrypt", new { CiphertextBlob = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
    }

    [Fact]
    public async Task A_ciphertext_with_appended_bytes_is_refused()
    {
        var keyId = await _client.CreateKey();
        var blob = Convert.FromBase64String(await _client.Encrypt(keyId, [1, 2, 3]));
        await AssertRefused([.. blob, 0], "InvalidCiphertextException");
    }
}
