namespace Kms.Actors.Keys;

/// <summary>Settings of the key shard region.</summary>
public sealed record KeyShardOptions(TimeSpan PassivateIdleAfter, TimeSpan MasterKeyTimeout, TimeProvider Clock)
{
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(5);

    public static KeyShardOptions Default { get; } = new(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), TimeProvider.System);

    /// <summary>How long a key lends its material to another node (docs/scaling.md); zero lends none, as on a single node.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.Zero;
}
