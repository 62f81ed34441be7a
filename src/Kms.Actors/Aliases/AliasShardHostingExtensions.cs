using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Kms.Actors.Persistence;

namespace Kms.Actors.Aliases;

public static class AliasShardHostingExtensions
{
    public const string TypeName = "alias";

    /// <summary>The shard region of alias actors: one writer per alias name in the whole cluster.</summary>
    public static AkkaConfigurationBuilder AddAliasShardRegion(this AkkaConfigurationBuilder builder, TimeProvider clock, TimeSpan passivateIdleAfter) =>
        builder.WithShardRegion<AliasRegion>(
            TypeName,
            aliasName => AliasEntityActor.Props(aliasName, clock),
            new AliasMessageExtractor(),
            new ShardOptions
            {
                RememberEntities = false,
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = passivateIdleAfter,
                JournalPluginId = KmsPersistenceHostingExtensions.JournalId,
                SnapshotPluginId = "akka.persistence.snapshot-store.sql",
            });
}
