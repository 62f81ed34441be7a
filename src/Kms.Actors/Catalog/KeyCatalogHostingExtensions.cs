using Akka.Hosting;
using Kms.Actors.Persistence;

namespace Kms.Actors.Catalog;

public static class KeyCatalogHostingExtensions
{
    /// <summary>This node's key catalog, folded from the journal.</summary>
    public static AkkaConfigurationBuilder AddKeyCatalog(this AkkaConfigurationBuilder builder, TimeSpan refreshInterval, TimeProvider clock) =>
        builder.WithActors((system, registry) =>
            registry.Register<KeyCatalog>(system.ActorOf(
                KeyCatalogActor.Props(KmsPersistenceHostingExtensions.ReadJournalId, refreshInterval, clock), "key-catalog")));
}
