using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Kms.Gateway.Auth;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Tests.Api;

/// <summary>
/// A body HTTP cannot frame (a malformed chunk) reaches the body read of either door before any signature is
/// checked: it is a typed 400, not a 500 with a stack trace in the error log.
/// </summary>
public sealed class MalformedBodyTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private PrincipalsFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = new PrincipalsFixture { Services = s => s.AddSingleton<ILoggerProvider>(_logs) };
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    /// <summary>Writes the head, then a chunk whose size is not hexadecimal, and reads the answer until the server closes.</summary>
    private async Task<string> SendMalformedChunk(string path, IEnumerable<string> headers)
    {
        var node = _fixture.Node;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(node.Address.Host, node.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), false,
            (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(node.Files.Certificate.RawData));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", ApplicationProtocols = [SslApplicationProtocol.Http11] });

        var head = new StringBuilder($"POST {path} HTTP/1.1\r\nHost: {node.Address.Authority}\r\nTransfer-Encoding: chunked\r\n");
        foreach (var header in headers) head.Append(header).Append("\r\n");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").Append("zz\r\n{}\r\n").ToString()));
        await tls.FlushAsync();

        var answer = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await tls.ReadAsync(buffer, timeout.Token)) > 0) answer.Write(buffer, 0, read);
        return Encoding.ASCII.GetString(answer.ToArray());
    }

    private void AssertTyped400(string answer)
    {
        Assert.True(answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), answer + string.Join("\n", _logs.ErrorLines));
        Assert.Contains("\"__type\":\"ValidationException\"", answer);
        Assert.Empty(_logs.ErrorLines);
    }

    [Fact]
    public async Task A_malformed_chunked_body_on_the_native_door_is_a_typed_400_with_no_error_logged()
    {
        const string path = "/api/v1/go-kms/encrypt";
        var date = KmsDate.Format(DateTimeOffset.UtcNow);
        using var client = _fixture.NativeClient(PrincipalsFixture.AdminSharedKey);
        AssertTyped400(await SendMalformedChunk(path, ["Content-Type: application/json", $"x-kms-date: {date}", $"Authorization: {client.SignatureFor(date, path)}"]));
    }

    [Fact]
    public async Task A_malformed_chunked_body_on_the_AWS_door_is_a_typed_400_with_no_error_logged_before_any_signature_is_checked()
    {
        var now = DateTimeOffset.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{now:yyyyMMdd}/us-east-1/kms/aws4_request";
        // The signature is wrong: the body is read, to be hashed, before it can be checked.
        AssertTyped400(await SendMalformedChunk("/", [
            "Content-Type: application/x-amz-json-1.1",
            "X-Amz-Target: TrentService.Encrypt",
            $"X-Amz-Date: {amzDate}",
            $"Authorization: AWS4-HMAC-SHA256 Credential={PrincipalsFixture.AdminKey}/{scope}, SignedHeaders=host;x-amz-date;x-amz-target, Signature={new string('0', 64)}",
        ]));
    }
}
