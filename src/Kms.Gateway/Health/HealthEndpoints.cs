using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kms.Gateway.Health;

/// <summary>Unauthenticated probes: <c>/healthz/live</c> (the actor system runs) and <c>/healthz/ready</c> (this node is Up in the cluster). 503 when false.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapKmsHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", (ActorSystem system) =>
            system.WhenTerminated.IsCompleted ? Results.Text("terminated", statusCode: 503) : Results.Text("live"));
        app.MapGet("/healthz/ready", (ActorSystem system) =>
            !system.WhenTerminated.IsCompleted && Cluster.Get(system).SelfMember.Status == MemberStatus.Up
                ? Results.Text("ready")
                : Results.Text("not ready", statusCode: 503));
        return app;
    }
}
