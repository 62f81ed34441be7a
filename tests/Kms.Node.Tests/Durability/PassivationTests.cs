using Akka.Actor;
using Akka.Cluster.Sharding;
using Kms.Actors.Keys;
using Kms.Actors.Persistence;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Durability;

public class PassivationTests
{
    private static async Task<IReadOnlySet<string>> LiveKeyActors(IServiceProvider services)
    {
        var region = ClusterSharding.Get(services.GetRequiredService<ActorSystem>()).ShardRegion(KeyShardHostingExtensions.TypeName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }

    [Fact]
    public async Task An_idle_key_actor_passivates_and_wakes_up_on_the_next_request()
    {
        using var directory = new TestDirectory();
        await using var node = await StartWithQuickPassivation(new NodeFiles(directory.Path));
        using var client = node.Client();
        var keyId = await client.CreateKey();
        var blob = await client.Encrypt(keyId, [5]);
        Assert.Contains(keyId, await LiveKeyActors(node.Services));

        await WaitUntilPassivated(node.Services, keyId);

        Assert.Equal(new byte[] { 5 }, await client.Decrypt(blob));
        Assert.Contains(keyId, await LiveKeyActors(node.Services));
    }

    [Fact]
    public async Task A_passivated_key_left_a_snapshot_of_its_last_event_and_starts_from_it()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        await using var node = await StartWithQuickPassivation(files);
        using var client = node.Client();
        var keyId = await client.CreateKey();
        var blob = await client.Encrypt(keyId, [7]);
        await WaitUntilPassivated(node.Services, keyId);

        var rows = await StoredRows.Of(files, KeyEntityActor.PersistenceIdFor(keyId));
        var lastEvent = rows.Where(r => r.Table == "journal").Max(r => r.SequenceNr);
        Assert.Equal(lastEvent, Assert.Single(rows, r => r.Table == "snapshot").SequenceNr);

        Assert.Equal(new byte[] { 7 }, await client.Decrypt(blob));
        await WaitUntilPassivated(node.Services, keyId);
        Assert.Single(await StoredRows.Of(files, KeyEntityActor.PersistenceIdFor(keyId)), r => r.Table == "snapshot");
    }

    /// <summary>A node whose keys passivate after one idle second.</summary>
    private static Task<InProcessNode> StartWithQuickPassivation(NodeFiles files) =>
        InProcessNode.Start(files, new Dictionary<string, string?> { ["Kms:Keys:PassivateIdleAfter"] = "00:00:01" });

    private static async Task WaitUntilPassivated(IServiceProvider services, string keyId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await LiveKeyActors(services)).Contains(keyId))
        {
            Assert.True(DateTime.UtcNow < deadline, "The idle key actor was never passivated.");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_request_for_a_missing_key_leaves_no_actor_behind()
    {
        using var directory = new TestDirectory();
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path));
        using var client = node.Client();
        var missing = Guid.NewGuid().ToString();
        Assert.Equal("NotFoundException", (await client.Post("encrypt", new { KeyID = missing, Plaintext = "AQ==" })).ErrorType);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await LiveKeyActors(node.Services)).Contains(missing))
        {
            Assert.True(DateTime.UtcNow < deadline, "The actor of a key that does not exist stayed alive.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_woken_key_runs_on_the_key_mailbox_and_recovers_without_a_replay_filter()
    {
        using var directory = new TestDirectory();
        await using var node = await StartWithQuickPassivation(new NodeFiles(directory.Path));
        using var client = node.Client();
        var keyId = await client.CreateKey();
        var blob = await client.Encrypt(keyId, [9]);
        await WaitUntilPassivated(node.Services, keyId);
        Assert.Equal(new byte[] { 9 }, await client.Decrypt(blob));

        var system = node.Services.GetRequiredService<ActorSystem>();
        Assert.Equal("off", system.Settings.Config.GetString(KmsPersistenceHostingExtensions.JournalId + ".replay-filter.mode"));
        var key = await system.ActorSelection($"/system/sharding/{KeyShardHostingExtensions.TypeName}/*/{keyId}").ResolveOne(TimeSpan.FromSeconds(5));
        var cell = Assert.IsType<ActorCell>(((ActorRefWithCell)key).Underlying);
        Assert.IsType<KeyMessageQueue>(cell.Mailbox?.MessageQueue);
    }
}
