using Akka.Actor;
using Akka.Cluster.Sharding;
using Kms.Actors.Keys;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Cluster;

/// <summary>
/// Three node processes (A, B, C) and a fourth member inside the test process (D) whose wall clock a test can move
/// forward, so that keys D owns reach their deletion date while the processes keep the real time.
/// <para>
/// Leases last a minute here (<c>Kms__Keys__LeaseDuration</c>), longer than any check: a node that kept a
/// lease past a change would keep serving the old state for the whole test, never just until a short lease ran out.
/// The key timeout is longer still (a lease must be shorter than it), so a busy machine answers every request, not a retryable 503.
/// </para>
/// </summary>
public sealed class GuaranteeCluster : IAsyncLifetime
{
    public const string LeaseDuration = "00:01:00";

    private readonly List<GoKmsClient> _clients = [];

    public TestCluster Processes { get; private set; } = null!;
    public InProcessNode Shifted { get; private set; } = null!;
    public JumpingClock Clock { get; } = new();

    public GoKmsClient A => _clients[0];
    public GoKmsClient B => _clients[1];
    public GoKmsClient C => _clients[2];
    public GoKmsClient D => _clients[3];

    /// <summary>Every member, named as the tests' messages name them.</summary>
    public IReadOnlyList<(string Name, GoKmsClient Client)> All => [("A", A), ("B", B), ("C", C), ("D", D)];

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KMS_TEST_PG"))) return; // the tests skip, saying why
        Processes = await TestCluster.Start(environment: new Dictionary<string, string>
        {
            ["Kms__Keys__LeaseDuration"] = LeaseDuration,
            ["Kms__Api__KeyTimeout"] = "00:01:30",
        });
        var settings = Processes.MemberSettings("shifted");
        // Thousands of requests pass through D; its request lines would bury the test's own output.
        settings["Logging:LogLevel:Kms.Gateway.Observability"] = "Warning";
        Shifted = await InProcessNode.Start(Processes.Files, settings, Clock);
        _clients.AddRange(Processes.Nodes.Select(n => n.Client()));
        _clients.Add(Shifted.Client());
    }

    /// <summary>
    /// Which of <paramref name="keyIds"/> D owns: the keys whose shard D's key region hosts. This reads Akka's
    /// sharding state (the region "key", shards by <see cref="KeyMessageExtractor"/>), not the API; it only picks the
    /// keys whose deletion date D's clock can reach.
    /// </summary>
    public async Task<List<string>> OwnedByShifted(IEnumerable<string> keyIds)
    {
        var system = Shifted.Services.GetRequiredService<ActorSystem>();
        var region = ClusterSharding.Get(system).ShardRegion(KeyShardHostingExtensions.TypeName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        var shards = state.Shards.Select(s => s.ShardId).ToHashSet();
        var extractor = new KeyMessageExtractor();
        return keyIds.Where(id => shards.Contains(extractor.ShardId(id, new KeyCommands.DescribeKey(id)))).ToList();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        if (Shifted is not null) await Shifted.DisposeAsync();
        if (Processes is not null) await Processes.DisposeAsync();
    }
}
