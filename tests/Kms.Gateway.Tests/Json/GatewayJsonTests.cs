using System.Text;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Tests.Json;

public class GatewayJsonTests
{
    private sealed record Reply(string CiphertextBlob, string? Absent);

    [Fact]
    public async Task A_written_body_carries_its_length_so_the_response_is_not_chunked()
    {
        var (http, body) = await Write(new Reply("AQID+/8=", null));

        Assert.Equal("""{"CiphertextBlob":"AQID+/8="}""", Encoding.UTF8.GetString(body));
        Assert.Equal(body.Length, http.Response.ContentLength);
    }

    [Fact]
    public async Task The_length_counts_bytes_not_characters()
    {
        var (http, body) = await Write(new Reply("schlüssel", null));

        Assert.Equal(Encoding.UTF8.GetByteCount("""{"CiphertextBlob":"schlüssel"}"""), http.Response.ContentLength);
        Assert.Equal(body.Length, http.Response.ContentLength);
    }

    private static async Task<(HttpContext Http, byte[] Body)> Write(Reply reply)
    {
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        await GatewayJson.WriteAsync(http, reply, typeof(Reply));
        return (http, body.ToArray());
    }
}
