using System.Security.Cryptography.X509Certificates;
using Kms.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Cli.Tests.Support;

/// <summary>The real node (Kestrel, real actor system, real SQLite) inside the test process, as Kms.Node.Tests starts it.</summary>
public sealed class InProcessNode : IAsyncDisposable
{
    /// <summary>
    /// Longer than the default 5 s: these tests check what the tool does with the service's answers, and a busy shared
    /// machine (several test runs at once) must not turn them into KeyUnavailableException.
    /// </summary>
    private const string KeyTimeout = "00:00:30";

    private readonly WebApplication _app;

    private InProcessNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>A production-mode node on 127.0.0.1 and a free port.</summary>
    public static Task<InProcessNode> Start(NodeFiles files)
    {
        var settings = files.Settings(port: 0);
        settings["Kms:Keys:CatalogRefreshInterval"] = "00:00:00.500";
        settings["Kms:Api:KeyTimeout"] = KeyTimeout;
        return Start([], settings, files.Certificate);
    }

    /// <summary>A development-mode node (<c>--dev</c>) keeping its files in <paramref name="directory"/>, on localhost:<paramref name="port"/>.</summary>
    public static async Task<InProcessNode> StartDev(string directory, int port)
    {
        var settings = new Dictionary<string, string?> { ["GOKMS_KSMC_PATH"] = directory, ["GOKMS_PORT"] = port.ToString(), ["Kms:Api:KeyTimeout"] = KeyTimeout };
        var app = KmsNode.Build(["--dev"], config => config.AddInMemoryCollection(settings));
        return await Started(app, X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(directory, "tls.crt"))));
    }

    private static Task<InProcessNode> Start(string[] args, Dictionary<string, string?> settings, X509Certificate2 certificate) =>
        Started(KmsNode.Build(args, config => config.AddInMemoryCollection(settings)), certificate);

    private static async Task<InProcessNode> Started(WebApplication app, X509Certificate2 certificate)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var node = new InProcessNode(app, new Uri(address));
        await node.WaitUntilReady(certificate);
        return node;
    }

    private async Task WaitUntilReady(X509Certificate2 trusted)
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData) },
        };
        using var http = new HttpClient(handler) { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await http.GetAsync("/healthz/ready")).IsSuccessStatusCode) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The node did not become ready in 30 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
