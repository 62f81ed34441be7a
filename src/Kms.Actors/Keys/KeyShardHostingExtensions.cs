using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Kms.Actors.MasterKey;
using Kms.Actors.Persistence;

namespace Kms.Actors.Keys;

public static class KeyShardHostingExtensions
{
    public const string TypeName = "key";

    /// <summary>
    /// The shard region of key actors. Idle keys passivate and forget their material; they are stopped
    /// with <see cref="KeyEntityActor.Stop"/>, so they can snapshot first.
    /// </summary>
    public static AkkaConfigurationBuilder AddKeyShardRegion(this AkkaConfigurationBuilder builder, KeyShardOptions options) =>
        builder.AddHocon(KeyMailbox.Hocon, HoconAddMode.Append).WithShardRegion<KeyRegion>(
            TypeName,
            (_, registry, _) =>
            {
                var masterKey = registry.Get<MasterKeyActor>();
                return keyId => KeyEntityActor.Props(keyId, masterKey, options.Clock, options.MasterKeyTimeout, leaseDuration: options.LeaseDuration);
            },
            new KeyMessageExtractor(),
            new ShardOptions
            {
                RememberEntities = false,
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = options.PassivateIdleAfter,
                HandOffStopMessage = KeyEntityActor.Stop.Instance,
                JournalPluginId = KmsPersistenceHostingExtensions.JournalId,
                SnapshotPluginId = "akka.persistence.snapshot-store.sql",
            });
}
