using Kms.Actors.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kms.Gateway.Health;

/// <summary>
/// The journal takes changes, or is Degraded since a time: never Unhealthy, because while the shared database is
/// down keys in use still encrypt and decrypt, and taking every node out of its Service would stop that too.
/// </summary>
public sealed class JournalHealthCheck(JournalAvailability? journal = null) : IHealthCheck
{
    public const string UnavailableSinceKey = "unavailableSince";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = journal?.Status ?? new JournalStatus(true, null);
        return Task.FromResult(status.Available
            ? HealthCheckResult.Healthy("available")
            : HealthCheckResult.Degraded("unavailable", data: status.UnavailableSince is { } since
                ? new Dictionary<string, object> { [UnavailableSinceKey] = since }
                : null));
    }
}
