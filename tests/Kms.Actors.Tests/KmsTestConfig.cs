using Akka.Configuration;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Tests;

/// <summary>
/// TestKit configuration with our serializer bound, and the persistence TestKit's journal, so failures
/// can be injected. <see cref="Serialized"/> also serializes every message as if it crossed nodes; it
/// cannot be used with injected journal failures, whose exceptions do not survive serialization.
/// </summary>
public static class KmsTestConfig
{
    public static readonly Config Serialized = ConfigurationFactory.ParseString("akka.actor.serialize-messages = on");

    public static readonly Config Value = ConfigurationFactory.ParseString($$"""
        akka.loglevel = INFO
        akka.actor.serializers.kms = "Kms.Actors.Serialization.KmsSerializer, Kms.Actors"
        akka.actor.serialization-bindings { "Kms.Domain.IKmsMessage, Kms.Domain" = kms }
        {{MasterKeyActor.DispatcherId}} { type = PinnedDispatcher }
        {{KeyMailbox.Hocon}}
        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.test"
            auto-start-journals = ["akka.persistence.journal.test"]
            test {
              class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
              plugin-dispatcher = "akka.actor.default-dispatcher"
            }
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.test"
            auto-start-snapshot-stores = ["akka.persistence.snapshot-store.test"]
            test {
              class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
              plugin-dispatcher = "akka.actor.default-dispatcher"
            }
          }
        }
        """);
}
