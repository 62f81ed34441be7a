using Prometheus;

namespace Kms.Gateway.Observability;

/// <summary>Requests refused by authentication, by protocol and error type; and principals files that could not be used.</summary>
public static class AuthenticationMetrics
{
    private static readonly Counter PrincipalsReloadFailures = Metrics.CreateCounter(
        "kms_principals_reload_failures_total", "Attempts to load a changed or broken principals file that failed (the last good principals stay in force).");

    public static void PrincipalsReloadFailed() => PrincipalsReloadFailures.Inc();

    public static double PrincipalsReloadFailuresSoFar => PrincipalsReloadFailures.Value;

    private static readonly Counter Failures = Metrics.CreateCounter(
        "kms_authentication_failures_total", "Requests refused by authentication.", "protocol", "type");

    public static void Failed(string protocol, string type) => Failures.WithLabels(protocol, type).Inc();
}
