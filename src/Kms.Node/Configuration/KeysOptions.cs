namespace Kms.Node.Configuration;

/// <summary><c>Kms:Keys</c>: how long keys stay in memory and how the catalog follows them.</summary>
public sealed class KeysOptions
{
    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Released to the OS after this many keys were passivated; 0 never.</summary>
    public long ReleaseMemoryAfter { get; set; } = 10_000;

    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a node may serve another node's key on a lease (docs/scaling.md); zero lends none. Unset, the
    /// shorter of 2 s and half of <c>Kms:Api:KeyTimeout</c>, since a change may wait this long for its leases.
    /// </summary>
    public TimeSpan? LeaseDuration { get; set; }
}
