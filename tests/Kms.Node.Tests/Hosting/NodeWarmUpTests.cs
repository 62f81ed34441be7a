using System.Net;
using Kms.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Tests.Hosting;

public sealed class NodeWarmUpTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly NodeFiles _files;

    public NodeWarmUpTests() => _files = new NodeFiles(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_node_is_not_ready_until_its_warm_up_has_run()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rounds = 0;
        var settings = _files.Settings(port: 0);
        await using var app = KmsNode.Build([], config => config.AddInMemoryCollection(settings), services =>
            services.AddSingleton(provider => new NodeWarmUp(TimeSpan.FromMilliseconds(1),
                async cancellation =>
                {
                    Interlocked.Increment(ref rounds);
                    await release.Task.WaitAsync(cancellation);
                },
                provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<ILogger<NodeWarmUp>>())));
        await app.StartAsync();
        using var client = new GoKmsClient(Address(app), _files.AuthKey, _files.Certificate);

        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref rounds)), n => n == 1, "the warm-up round started");
        // Once the cluster and the master key are ready, the warm-up is what readiness still waits for.
        var (status, _) = await Eventually.Until(async () =>
        {
            using var response = await client.Http.GetAsync("/healthz/ready");
            return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
        }, ready => ready.Text == "warming up", "readiness waits for the warm-up alone");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(1, Volatile.Read(ref rounds));

        release.SetResult();

        await Eventually.Until(() => client.Http.GetAsync("/healthz/ready"), r => r.IsSuccessStatusCode, "the node is ready");
        await app.StopAsync();
    }

    [Fact]
    public async Task A_round_of_the_real_warm_up_runs_on_a_started_node_without_failing()
    {
        await using var node = await InProcessNode.Start(_files);
        var warmUp = node.Services.GetRequiredService<HotPathWarmUp>();

        await warmUp.Round(CancellationToken.None);

        Assert.True(node.Services.GetRequiredService<NodeWarmUp>().IsDone);
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
