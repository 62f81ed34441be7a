using Kms.Actors;

namespace Kms.Gateway.Observability;

/// <summary>Requests refused by authentication, by protocol and error type; and principals files that could not be used.</summary>
public static class AuthenticationMetrics
{
    private static readonly System.Diagnostics.Metrics.Counter<long> PrincipalsReloadFailures = KmsMetrics.Meter.CreateCounter<long>(
        "principals_reload_failures_total", description: "Attempts to load a changed or broken principals file that failed (the last good principals stay in force).");

    private static long _principalsReloadFailures;

    /// <summary>Exports the failure count at 0 from start, so an alert on its increase sees the first failure too.</summary>
    public static void Start() => PrincipalsReloadFailures.Add(0);

    public static void PrincipalsReloadFailed()
    {
        Interlocked.Increment(ref _principalsReloadFailures);
        PrincipalsReloadFailures.Add(1);
    }

    /// <summary>What <see cref="PrincipalsReloadFailures"/> adds up to in this process, readable.</summary>
    public static long PrincipalsReloadFailuresSoFar => Interlocked.Read(ref _principalsReloadFailures);

    private static readonly System.Diagnostics.Metrics.Counter<long> Failures = KmsMetrics.Meter.CreateCounter<long>(
        "authentication_failures_total", description: "Requests refused by authentication.");

    public static void Failed(string protocol, string type) =>
        Failures.Add(1, new KeyValuePair<string, object?>("protocol", protocol), new KeyValuePair<string, object?>("type", type));
}
