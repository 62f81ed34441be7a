using Akka.Actor;
using Akka.Cluster;
using Kms.Actors.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kms.Gateway.Health;

/// <summary>Unauthenticated probes: <c>/healthz/live</c> (the actor system runs) and <c>/healthz/ready</c> (Up in the cluster, journal reachable). 503 when false.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapKmsHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", (ActorSystem system) =>
            system.WhenTerminated.IsCompleted ? Results.Text("terminated", statusCode: 503) : Results.Text("live"));
        app.MapGet("/healthz/ready", async (ActorSystem system, JournalProbe journal, CancellationToken ct) =>
        {
            if (system.WhenTerminated.IsCompleted) return Results.Text("terminated", statusCode: 503);
            if (Cluster.Get(system).SelfMember.Status != MemberStatus.Up) return Results.Text("not joined to the cluster", statusCode: 503);
            return await journal.Reachable(ct) ? Results.Text("ready") : Results.Text("journal unreachable", statusCode: 503);
        });
        return app;
    }
}
