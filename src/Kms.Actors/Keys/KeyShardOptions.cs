namespace Kms.Actors.Keys;

/// <summary>Settings of the key shard region.</summary>
public sealed record KeyShardOptions(TimeSpan PassivateIdleAfter, TimeSpan MasterKeyTimeout, TimeProvider Clock)
{
    public static KeyShardOptions Default { get; } = new(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), TimeProvider.System);
}
