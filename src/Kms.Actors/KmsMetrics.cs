using System.Diagnostics.Metrics;

namespace Kms.Actors;

/// <summary>
/// The one meter of Kms, with the actors' instruments. The node exports every instrument of it at <c>/metrics</c> as
/// <c>kms_</c> followed by the instrument's name (the exporter prefixes the meter's name), so instruments are named
/// without that prefix. No key ids or secrets in tags.
/// </summary>
public static class KmsMetrics
{
    public static readonly Meter Meter = new("Kms");

    public static readonly UpDownCounter<long> ActiveKeyActors =
        Meter.CreateUpDownCounter<long>("active_key_actors", description: "Key actors alive on this node (each holds its unwrapped material).");

    private static long _liveKeyActors;

    /// <summary>Key actors alive in this process: what <see cref="ActiveKeyActors"/> adds up to, readable.</summary>
    public static long LiveKeyActors => Interlocked.Read(ref _liveKeyActors);

    internal static void KeyActorStarted()
    {
        Interlocked.Increment(ref _liveKeyActors);
        ActiveKeyActors.Add(1);
    }

    internal static void KeyActorStopped()
    {
        Interlocked.Decrement(ref _liveKeyActors);
        ActiveKeyActors.Add(-1);
    }

    private static int _unavailableJournals;

    /// <summary>1 while every journal of this process (one node per process outside tests) is available.</summary>
    public static readonly ObservableGauge<int> JournalAvailable = Meter.CreateObservableGauge("journal_available",
        () => Volatile.Read(ref _unavailableJournals) == 0 ? 1 : 0,
        description: "1 while the journal takes writes, 0 while changes are refused because its database does not answer.");

    internal static void JournalBecameUnavailable() => Interlocked.Increment(ref _unavailableJournals);

    internal static void JournalBecameAvailable() => Interlocked.Decrement(ref _unavailableJournals);

    public static readonly Histogram<double> JournalWriteSeconds =
        Meter.CreateHistogram<double>("journal_write_seconds", unit: "s", description: "Time from asking the journal to persist a key change to its confirmation.");

    public static readonly Counter<long> LeasedRequests =
        Meter.CreateCounter<long>("leased_requests_total", description: "Crypto requests this node served under a lease of a key owned by another node.");

    public static readonly UpDownCounter<long> LeasesHeld =
        Meter.CreateUpDownCounter<long>("leases_held", description: "Leases of other nodes' keys this node holds (each holds the key's unwrapped material).");

    public static readonly Counter<long> LeaseGrants =
        Meter.CreateCounter<long>("lease_grants_total", description: "Leases this node's keys lent to other nodes.");

    public static readonly Counter<long> LeaseRevocations =
        Meter.CreateCounter<long>("lease_revocations_total", description: "Leases this node's keys called back before a change.");

    internal static void LeaseGranted() => LeaseGrants.Add(1);

    internal static void LeaseRevoked() => LeaseRevocations.Add(1);
}
