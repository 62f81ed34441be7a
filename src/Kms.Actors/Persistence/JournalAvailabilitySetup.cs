using Akka.Actor.Setup;

namespace Kms.Actors.Persistence;

/// <summary>Hands the node's <see cref="JournalAvailability"/> to the journal and snapshot store, which Akka creates from configuration.</summary>
public sealed class JournalAvailabilitySetup(JournalAvailability availability) : Setup
{
    public JournalAvailability Availability { get; } = availability;

    /// <summary>The system's availability monitor, or null where none was set up (actor tests).</summary>
    public static JournalAvailability? Of(Akka.Actor.ActorSystem system)
    {
        var setup = system.Settings.Setup.Get<JournalAvailabilitySetup>();
        return setup.HasValue ? setup.Value.Availability : null;
    }
}
