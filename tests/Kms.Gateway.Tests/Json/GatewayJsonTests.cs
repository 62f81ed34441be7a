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
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;

        await GatewayJson.WriteAsync(http, new Reply("AQID+/8=", null), typeof(Reply));

        var written = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal("""{"CiphertextBlob":"AQID+/8="}""", written);
        Assert.Equal(body.Length, http.Response.ContentLength);
    }

    [Fact]
    public async Task The_length_counts_bytes_not_characters()
    {
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;

        await GatewayJson.WriteAsync(http, new Reply("schlüssel", null), typeof(Reply));

        Assert.Equal(Encoding.UTF8.GetByteCount("""{"CiphertextBlob":"schlüssel"}"""), http.Response.ContentLength);
        Assert.Equal(body.Length, http.Response.ContentLength);
    }
}
