using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.Persistence;

namespace Kms.Actors.Operations;

/// <summary>How long the operation model waits for an actor before answering KeyUnavailable, and the ARN namespace.</summary>
public sealed record KeyOperationsOptions(TimeSpan AskTimeout)
{
    public KeyArns Arns { get; init; } = KeyArns.Default;

    /// <summary>How many times a retry-safe command is sent before the caller gets KeyUnavailable.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>While it reports the journal unavailable, commands that need a write are refused at once.</summary>
    public JournalAvailability? Journal { get; init; }

    /// <summary>In a cluster, the leases this node holds of other nodes' keys, which serve their crypto here (docs/scaling.md).</summary>
    public KeyLeaseTable? Leases { get; init; }
}
