using Akka.Hosting;

namespace Kms.Actors.MasterKey;

public static class MasterKeyHostingExtensions
{
    /// <summary>Starts this node's <see cref="MasterKeyActor"/>, which takes ownership of the provider.</summary>
    public static AkkaConfigurationBuilder AddMasterKey(this AkkaConfigurationBuilder builder, IMasterKeyProvider provider) =>
        builder
            .AddHocon($"{MasterKeyActor.DispatcherId} {{ type = PinnedDispatcher }}", HoconAddMode.Prepend)
            .WithActors((system, registry) =>
                registry.Register<MasterKeyActor>(system.ActorOf(MasterKeyActor.Props(provider), "master-key")));
}
