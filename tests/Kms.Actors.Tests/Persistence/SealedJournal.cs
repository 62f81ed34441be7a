using System.Security.Cryptography;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Kms.Actors.Persistence;

namespace Kms.Actors.Tests.Persistence;

/// <summary>What a test system needs for the Kms journal: our serializer bound, and the journal MAC key.</summary>
internal static class SealedJournal
{
    public static readonly Config Serialization = ConfigurationFactory.ParseString("""
        akka.actor.serializers.kms = "Kms.Actors.Serialization.KmsSerializer, Kms.Actors"
        akka.actor.serialization-bindings { "Kms.Domain.IKmsMessage, Kms.Domain" = kms }
        """);

    public static JournalIntegrity NewIntegrity() => new(RandomNumberGenerator.GetBytes(32));

    public static ActorSystemSetup Setup(Config config, JournalIntegrity integrity) =>
        BootstrapSetup.Create().WithConfig(config.WithFallback(Serialization)).And(new JournalIntegritySetup(integrity));
}
