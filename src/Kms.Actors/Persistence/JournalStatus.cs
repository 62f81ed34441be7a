namespace Kms.Actors.Persistence;

/// <summary>The journal as the detailed health response shows it (the failure itself goes to the log, not to this unauthenticated answer).</summary>
public sealed record JournalStatus(bool Available, DateTimeOffset? UnavailableSince);
