using Kms.Actors.MasterKey;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kms.Gateway.Health;

/// <summary>
/// Readiness: the master key was opened at start-up (a node whose key cannot be opened does not start). An HSM
/// that failed since is Degraded, not Unhealthy: it is re-opened on the next use, which a node taken out of its
/// Service would never get.
/// </summary>
public sealed class MasterKeyHealthCheck(IMasterKeyProvider? provider = null) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(provider is null || provider.IsAvailable
            ? HealthCheckResult.Healthy("opened")
            : HealthCheckResult.Degraded($"the {provider.Name} master key failed; it is re-opened on its next use"));
}
