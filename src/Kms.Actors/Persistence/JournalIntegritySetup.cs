using Akka.Actor;
using Akka.Actor.Setup;

namespace Kms.Actors.Persistence;

/// <summary>Hands the journal MAC keys to the journal, the snapshot store and the catalog's reads, which Akka builds from configuration.</summary>
public sealed class JournalIntegritySetup(JournalIntegrity integrity) : Setup
{
    public JournalIntegrity Integrity { get; } = integrity;

    /// <summary>The system's journal integrity; a Kms journal without one refuses to start rather than write unauthenticated rows.</summary>
    public static JournalIntegrity Of(ActorSystem system) =>
        system.Settings.Setup.Get<JournalIntegritySetup>().GetOrElse(null!)?.Integrity
        ?? throw new Akka.Configuration.ConfigurationException(
            $"The Kms journal needs a {nameof(JournalIntegritySetup)} with the journal MAC key (AddKmsPersistence adds it).");
}
