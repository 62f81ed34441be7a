namespace Kms.Actors.Persistence;

/// <summary>What the start-up check finds in the journal (<see cref="JournalMacMigration.State"/>).</summary>
public enum JournalState
{
    /// <summary>Written with journal MACs (or empty): the node may start.</summary>
    Sealed,

    /// <summary>No row sealed: a journal from before journal MACs, which <c>migrate-journal-mac</c> seals once.</summary>
    PreMac,

    /// <summary>Sealed rows and bare ones: bare rows were put there by someone else; the node refuses it and nothing seals it.</summary>
    Mixed,
}
