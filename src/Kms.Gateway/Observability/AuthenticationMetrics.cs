using Prometheus;

namespace Kms.Gateway.Observability;

/// <summary>Requests refused by authentication, by protocol and error type.</summary>
public static class AuthenticationMetrics
{
    private static readonly Counter Failures = Metrics.CreateCounter(
        "kms_authentication_failures_total", "Requests refused by authentication.", "protocol", "type");

    public static void Failed(string protocol, string type) => Failures.WithLabels(protocol, type).Inc();
}
