using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Keys;

public static class KeyLeaseHostingExtensions
{
    /// <summary>This node's <see cref="KeyLeaseActor"/>, filling <paramref name="table"/> with leases of other nodes' keys.</summary>
    public static AkkaConfigurationBuilder AddKeyLeases(this AkkaConfigurationBuilder builder, KeyLeaseTable table, KeyShardOptions options) =>
        builder.WithActors((system, registry) =>
        {
            var masterKey = registry.Get<MasterKeyActor>();
            system.ActorOf(KeyLeaseActor.Props(table, masterKey, () => registry.TryGet<KeyRegion>(out var region) ? region : null,
                options.LeaseDuration, options.MasterKeyTimeout), "key-leases");
        });
}
