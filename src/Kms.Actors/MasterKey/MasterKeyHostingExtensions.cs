using Akka.Hosting;

namespace Kms.Actors.MasterKey;

public static class MasterKeyHostingExtensions
{
    /// <summary>Starts this node's <see cref="MasterKeyActor"/>, which takes ownership of the providers (the first is primary).</summary>
    public static AkkaConfigurationBuilder AddMasterKey(this AkkaConfigurationBuilder builder, params IMasterKeyProvider[] providers) =>
        builder
            .AddHocon($"{MasterKeyActor.DispatcherId} {{ type = PinnedDispatcher }}", HoconAddMode.Prepend)
            .WithActors((system, registry) =>
                registry.Register<MasterKeyActor>(system.ActorOf(MasterKeyActor.Props(providers), "master-key")));
}
