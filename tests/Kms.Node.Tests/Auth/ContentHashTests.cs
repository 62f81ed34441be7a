using System.Net;
using System.Text;
using Kms.Gateway.Auth;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Auth;

/// <summary>
/// <c>x-kms-content-sha256</c>: a go-kms signature that covers the body's hash. A captured request replayed with
/// another body is refused when it signed the hash; a legacy request (no hash) still works unless the node
/// requires the hash.
/// </summary>
public class ContentHashTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private GoKmsClient Hashing() => new(fixture.Node.Address, fixture.Node.Files.AuthKey, fixture.Node.Files.Certificate) { SendContentHash = true };

    private static HttpRequestMessage Message(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Sends <paramref name="body"/> with the headers another request was signed with, as an attacker who captured them would.</summary>
    private async Task<HttpResponseMessage> Replay(HttpRequestMessage captured, string body)
    {
        using var replay = Message(captured.RequestUri!.OriginalString, body);
        foreach (var (name, values) in captured.Headers) replay.Headers.TryAddWithoutValidation(name, values);
        return await fixture.Client.Http.SendAsync(replay);
    }

    private async Task<List<string>> Descriptions()
    {
        var keys = await fixture.Client.Post("listkeys", new { });
        keys.EnsureOk();
        return keys.Json!["KeyMetadata"]!.AsArray().Select(k => (string?)k!["Description"] ?? "").ToList();
    }

    private static async Task AssertRefused(HttpResponseMessage response, string type)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains($"\"__type\":\"{type}\"", (await response.Content.ReadAsStringAsync()).Replace(" ", ""));
    }

    [Fact]
    public async Task A_request_that_signs_its_body_hash_is_accepted()
    {
        using var client = Hashing();
        var keyId = await client.CreateKey("hashed");
        Assert.Equal([1, 2, 3], await client.Decrypt(await client.Encrypt(keyId, [1, 2, 3])));
    }

    [Fact]
    public async Task A_captured_hashed_request_replayed_with_another_body_is_refused_before_it_acts()
    {
        using var client = Hashing();
        const string path = "/api/v1/go-kms/createkey";
        using var original = Message(path, """{"Description":"replay-original"}""");
        client.Sign(original, KmsDate.Format(DateTimeOffset.UtcNow), path);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.Http.SendAsync(original)).StatusCode);

        await AssertRefused(await Replay(original, """{"Description":"replay-tampered"}"""), "InvalidSignatureException");
        Assert.DoesNotContain("replay-tampered", await Descriptions());
    }

    [Fact]
    public async Task A_captured_legacy_request_still_carries_any_body_which_is_why_the_hash_exists()
    {
        const string path = "/api/v1/go-kms/createkey";
        using var original = Message(path, """{"Description":"legacy-original"}""");
        fixture.Client.Sign(original, KmsDate.Format(DateTimeOffset.UtcNow), path);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.Http.SendAsync(original)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Replay(original, """{"Description":"legacy-replayed"}""")).StatusCode);
        Assert.Contains("legacy-replayed", await Descriptions());
    }

    [Fact]
    public async Task A_hash_header_other_than_the_signed_one_is_refused()
    {
        const string path = "/api/v1/go-kms/listkeys";
        using var request = Message(path, "{}");
        var date = KmsDate.Format(DateTimeOffset.UtcNow);
        var signedHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("{}"u8));
        request.Headers.TryAddWithoutValidation("x-kms-date", date);
        request.Headers.TryAddWithoutValidation("x-kms-content-sha256", new string('0', 64));
        request.Headers.TryAddWithoutValidation("Authorization", fixture.Client.SignatureFor(date, path, contentHash: signedHash));
        await AssertRefused(await fixture.Client.Http.SendAsync(request), "InvalidSignatureException");
    }

    [Theory]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")] // upper case
    [InlineData("e3b0c44298fc1c149afbf4c8996fb924")]                                 // too short
    [InlineData("not hex at all")]
    public async Task A_malformed_hash_header_is_refused(string header)
    {
        const string path = "/api/v1/go-kms/listkeys";
        using var request = Message(path, "");
        var date = KmsDate.Format(DateTimeOffset.UtcNow);
        request.Headers.TryAddWithoutValidation("x-kms-date", date);
        request.Headers.TryAddWithoutValidation("x-kms-content-sha256", header);
        request.Headers.TryAddWithoutValidation("Authorization", fixture.Client.SignatureFor(date, path, contentHash: header));
        await AssertRefused(await fixture.Client.Http.SendAsync(request), "IncompleteSignatureException");
    }
}
