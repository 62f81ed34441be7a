using Kms.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Testing;

/// <summary>The real node (Kestrel on 127.0.0.1, real actor system, real SQLite) inside the test process.</summary>
public sealed class InProcessNode : IAsyncDisposable
{
    /// <summary>
    /// Longer than the default 5 s: the tests check what happens with the service's answers, and a busy
    /// two-core machine must not turn them into KeyUnavailableException.
    /// </summary>
    private const string KeyTimeout = "00:00:30";

    private readonly WebApplication _app;

    private InProcessNode(WebApplication app, Uri address, NodeFiles files)
    {
        _app = app;
        Address = address;
        Files = files;
    }

    public Uri Address { get; }
    public NodeFiles Files { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a node; <paramref name="clock"/> replaces the system clock (deletion and rotation dates follow it).</summary>
    public static async Task<InProcessNode> Start(NodeFiles files, IDictionary<string, string?>? extra = null, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = files.Settings(port: 0);
        settings["Kms:Keys:CatalogRefreshInterval"] = "00:00:00.500";
        settings["Kms:Api:KeyTimeout"] = KeyTimeout;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var app = KmsNode.Build([], config => config.AddInMemoryCollection(settings),
            collection =>
            {
                if (clock is not null) collection.AddSingleton(clock);
                services?.Invoke(collection);
            });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var node = new InProcessNode(app, new Uri(address), files);
        await node.WaitUntilReady();
        return node;
    }

    /// <summary>A development-mode node (<c>--dev</c>) keeping its files in <paramref name="directory"/>, on localhost:<paramref name="port"/>.</summary>
    public static async Task<InProcessNode> StartDev(string directory, int port)
    {
        var settings = new Dictionary<string, string?> { ["GOKMS_KSMC_PATH"] = directory, ["GOKMS_PORT"] = port.ToString(), ["Kms:Api:KeyTimeout"] = KeyTimeout,
            ["Kms:WarmUp:MaxDuration"] = "00:00:00.001" };
        var app = KmsNode.Build(["--dev"], config => config.AddInMemoryCollection(settings));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var files = new NodeFiles(directory); // the dev node made auth.key, tls.crt and tls.key there; NodeFiles reads them
        var node = new InProcessNode(app, new Uri(address.Replace("127.0.0.1", "localhost")), files);
        await node.WaitUntilReady();
        return node;
    }

    public GoKmsClient Client() => new(Address, Files.AuthKey, Files.Certificate);

    private async Task WaitUntilReady()
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.Http.GetAsync("/healthz/ready");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The node did not become ready in 30 s.");
    }

    public async Task Stop() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
