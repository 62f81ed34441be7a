using Akka.Actor;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kms.Gateway.Health;

/// <summary>Liveness: the actor system runs. Answers without awaiting or allocating, as the bench's baseline request.</summary>
public sealed class ActorSystemHealthCheck(ActorSystem system) : IHealthCheck
{
    private static readonly Task<HealthCheckResult> Live = Task.FromResult(HealthCheckResult.Healthy("live"));
    private static readonly Task<HealthCheckResult> Terminated = Task.FromResult(HealthCheckResult.Unhealthy("terminated"));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        system.WhenTerminated.IsCompleted ? Terminated : Live;
}
