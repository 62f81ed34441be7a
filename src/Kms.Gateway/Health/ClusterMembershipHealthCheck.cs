using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kms.Gateway.Health;

/// <summary>Readiness: this node is Up in the cluster, so its shards can be served. Its data holds the member status.</summary>
public sealed class ClusterMembershipHealthCheck(ActorSystem system) : IHealthCheck
{
    public const string StatusKey = "cluster";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (system.WhenTerminated.IsCompleted) return Task.FromResult(Result(HealthStatus.Unhealthy, "terminated", "terminated"));
        var status = Cluster.Get(system).SelfMember.Status;
        return Task.FromResult(status == MemberStatus.Up
            ? Result(HealthStatus.Healthy, "ready", status.ToString())
            : Result(HealthStatus.Unhealthy, "not joined to the cluster", status.ToString()));
    }

    private static HealthCheckResult Result(HealthStatus health, string description, string member) =>
        new(health, description, data: new Dictionary<string, object> { [StatusKey] = member });
}
