using Akka.Hosting;

namespace Kms.Actors.Serialization;

public static class KmsSerializationHostingExtensions
{
    /// <summary>
    /// Binds every <see cref="IKmsMessage"/> to <see cref="KmsSerializer"/> and turns off the fallback to
    /// Akka's default JSON serializer, so an unbound type fails loudly instead of persisting type names.
    /// </summary>
    public static AkkaConfigurationBuilder AddKmsSerialization(this AkkaConfigurationBuilder builder) =>
        builder
            .WithCustomSerializer("kms", [typeof(IKmsMessage)], system => new KmsSerializer(system))
            .AddHocon("akka.actor.serialization-settings.allow-unregistered-types = false", HoconAddMode.Prepend);
}
