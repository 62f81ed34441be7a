using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kms.Node.Hosting;

/// <summary>Readiness: the node has finished its warm-up (<see cref="NodeWarmUp"/>).</summary>
public sealed class WarmUpHealthCheck(NodeWarmUp warmUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmUp.IsDone ? HealthCheckResult.Healthy("warm") : HealthCheckResult.Unhealthy("warming up"));
}
