using System.Security.Cryptography;
using System.Text;
using Kms.Gateway.Json;
using Kms.Gateway.Responses;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Tests.Json;

public class GatewayJsonTests
{
    [Fact]
    public async Task A_written_body_carries_its_length_so_the_response_is_not_chunked()
    {
        var (http, body) = await Write(new KeyResponses.KeyIdResponse("AQID+/8="));

        Assert.Equal("""{"KeyId":"AQID+/8="}""", Encoding.UTF8.GetString(body));
        Assert.Equal(body.Length, http.Response.ContentLength);
    }

    [Fact]
    public async Task The_length_counts_bytes_not_characters()
    {
        var (http, body) = await Write(new KeyResponses.KeyIdResponse("schlüssel"));

        Assert.Equal(Encoding.UTF8.GetByteCount("""{"KeyId":"schlüssel"}"""), http.Response.ContentLength);
        Assert.Equal(body.Length, http.Response.ContentLength);
    }

    [Fact]
    public async Task Replies_written_one_after_another_on_a_thread_do_not_share_bytes()
    {
        // The serialized reply goes through a buffer kept per thread: a large reply, then a small one, then a
        // second small one must each come out whole, with nothing left over from the one before.
        var large = new string('k', 100_000);
        var (_, first) = await Write(new KeyResponses.KeyIdResponse(large));
        var (_, second) = await Write(new KeyResponses.KeyIdResponse("AQID"));
        var (third, body) = await Write(new KeyResponses.AwsKeyEntry("BAUG", "x"));

        Assert.Equal($$"""{"KeyId":"{{large}}"}""", Encoding.UTF8.GetString(first));
        Assert.Equal("""{"KeyId":"AQID"}""", Encoding.UTF8.GetString(second));
        Assert.Equal("""{"KeyId":"BAUG","KeyArn":"x"}""", Encoding.UTF8.GetString(body));
        Assert.Equal(body.Length, third.Response.ContentLength);
    }

    private sealed class BoundRequest
    {
        public string? KeyId { get; set; }
        public byte[]? Plaintext { get; set; }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // no Content-Length: read until the end, still bounded
    public async Task A_body_binds_case_insensitively_with_or_without_its_length(bool announceLength)
    {
        var http = Request("""{"keyid":"k-1","Plaintext":"aGk="}""", announceLength ? null : -1);

        var request = await GatewayJson.ReadAsync<BoundRequest>(http, 1024);

        Assert.NotNull(request);
        Assert.Equal("k-1", request.KeyId);
        Assert.Equal("hi"u8.ToArray(), request.Plaintext);
    }

    [Fact]
    public async Task A_body_longer_than_its_content_length_is_refused_as_too_large()
    {
        var http = Request("""{"KeyId":"k-1"}   """, lengthOverride: 15);

        Assert.Null(await GatewayJson.ReadAsync<BoundRequest>(http, 1024));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, http.Response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_as_too_large_and_malformed_json_as_a_validation_error()
    {
        var tooLarge = Request("""{"KeyId":"a-long-key-id"}""", lengthOverride: -1);
        Assert.Null(await GatewayJson.ReadAsync<BoundRequest>(tooLarge, 10));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooLarge.Response.StatusCode);

        var malformed = Request("""{"KeyId":""", lengthOverride: null);
        Assert.Null(await GatewayJson.ReadAsync<BoundRequest>(malformed, 1024));
        Assert.Equal(StatusCodes.Status400BadRequest, malformed.Response.StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_length_grows_past_its_first_buffer_and_is_still_bounded()
    {
        var plaintext = RandomNumberGenerator.GetBytes(9_000); // 12,000 characters of base64: three times the first buffer
        var json = $$"""{"KeyId":"k-1","Plaintext":"{{Convert.ToBase64String(plaintext)}}"}""";

        var request = await GatewayJson.ReadAsync<BoundRequest>(Request(json, lengthOverride: -1), 64 * 1024);
        Assert.Equal(plaintext, request!.Plaintext);

        var tooLarge = Request(json, lengthOverride: -1);
        Assert.Null(await GatewayJson.ReadAsync<BoundRequest>(tooLarge, json.Length - 1));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooLarge.Response.StatusCode);
        Assert.Equal(plaintext, (await GatewayJson.ReadAsync<BoundRequest>(Request(json, lengthOverride: -1), json.Length))!.Plaintext); // exactly at the limit
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadBounded_gives_the_whole_body_in_an_array_of_its_own(bool announceLength)
    {
        var body = RandomNumberGenerator.GetBytes(10_000);

        var read = await GatewayJson.ReadBounded(new MemoryStream(body), 10_000, CancellationToken.None, announceLength ? body.Length : null);

        Assert.Equal(body, read);
        await Assert.ThrowsAsync<InvalidDataException>(() => GatewayJson.ReadBounded(new MemoryStream(body), 9_999, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => GatewayJson.ReadBounded(new MemoryStream(body), 20_000, CancellationToken.None, 9_000));
    }

    /// <summary>A request with the body; its Content-Length is the body's unless overridden (-1: none).</summary>
    private static HttpContext Request(string json, long? lengthOverride)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentLength = lengthOverride switch { null => bytes.Length, -1 => null, var n => n };
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static async Task<(HttpContext Http, byte[] Body)> Write(object reply)
    {
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        await GatewayJson.WriteAsync(http, reply);
        return (http, body.ToArray());
    }
}
