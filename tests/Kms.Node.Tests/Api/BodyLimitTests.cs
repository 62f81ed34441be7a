using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Kms.Gateway.Auth;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Api;

/// <summary>
/// A body over the limit, sent whole before the client reads anything (as Python's http.client and most SDKs do):
/// the client must get its 413, not a reset connection.
/// </summary>
public class BodyLimitTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    /// <summary>More than Kestrel's request buffer and the sockets' buffers hold, so the sender is still writing when a server that does not read closes.</summary>
    private const int BodyBytes = 6 * 1024 * 1024;

    /// <summary>Writes the request head and the whole body over TLS, then reads the status line and headers.</summary>
    private async Task<string> SendWholeThenRead(string path, IEnumerable<string> headers)
    {
        using var tcp = new TcpClient { SendBufferSize = 32 * 1024 };
        await tcp.ConnectAsync(fixture.Node.Address.Host, fixture.Node.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), false,
            (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(fixture.Node.Files.Certificate.RawData));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", ApplicationProtocols = [SslApplicationProtocol.Http11] });

        var head = new StringBuilder($"POST {path} HTTP/1.1\r\nHost: {fixture.Node.Address.Authority}\r\nContent-Length: {BodyBytes}\r\n");
        foreach (var header in headers) head.Append(header).Append("\r\n");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        for (var sent = 0; sent < BodyBytes; sent += chunk.Length) await tls.WriteAsync(chunk);
        await tls.FlushAsync();

        var answer = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Encoding.ASCII.GetString(answer.ToArray()).Contains("\r\n\r\n"))
        {
            var read = await tls.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            answer.Write(buffer, 0, read);
        }
        return Encoding.ASCII.GetString(answer.ToArray());
    }

    [Fact]
    public async Task A_signed_native_request_over_the_limit_gets_its_413_when_sent_whole_before_reading()
    {
        const string path = "/api/v1/go-kms/encrypt";
        var date = KmsDate.Format(DateTimeOffset.UtcNow);
        var answer = await SendWholeThenRead(path, ["Content-Type: application/json", $"x-kms-date: {date}", $"Authorization: {fixture.Client.SignatureFor(date, path)}"]);
        Assert.StartsWith("HTTP/1.1 413", answer);
    }

    [Fact]
    public async Task An_AWS_request_over_the_limit_gets_its_413_when_sent_whole_before_reading()
    {
        var answer = await SendWholeThenRead("/", ["Content-Type: application/x-amz-json-1.1", "X-Amz-Target: TrentService.Encrypt"]);
        Assert.StartsWith("HTTP/1.1 413", answer);
    }

    [Fact]
    public async Task The_connection_serves_nothing_more_after_a_413()
    {
        const string path = "/api/v1/go-kms/encrypt";
        var date = KmsDate.Format(DateTimeOffset.UtcNow);
        var answer = await SendWholeThenRead(path, [$"x-kms-date: {date}", $"Authorization: {fixture.Client.SignatureFor(date, path)}"]);
        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("\r\nConnection: close\r\n", answer, StringComparison.OrdinalIgnoreCase);
    }
}
