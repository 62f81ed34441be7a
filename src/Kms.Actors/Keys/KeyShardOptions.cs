namespace Kms.Actors.Keys;

/// <summary>Settings of the key shard region.</summary>
public sealed record KeyShardOptions(TimeSpan PassivateIdleAfter, TimeSpan MasterKeyTimeout, TimeProvider Clock)
{
    /// <summary>
    /// Short beside the time a request waits for its key (5 s): a change waits up to a lease duration for the leases
    /// of a holder that does not answer, or after the key moved between nodes.
    /// </summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(2);

    public static KeyShardOptions Default { get; } = new(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), TimeProvider.System);

    /// <summary>How long a key lends its material to another node (docs/scaling.md); zero lends none, as on a single node.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.Zero;
}
