namespace Kms.Actors.Persistence;

/// <summary>
/// Replayed (as an event or a snapshot) in place of a row that failed its journal MAC: edited, moved to
/// another key or sequence number, or written without a MAC. The recovering actor must not use its state.
/// </summary>
public sealed record JournalRowRejected(string Kind, string PersistenceId, long SequenceNr, string Reason);
