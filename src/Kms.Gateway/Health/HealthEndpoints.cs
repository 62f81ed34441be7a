using Akka.Actor;
using Akka.Cluster;
using Kms.Actors.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Gateway.Health;

/// <summary>
/// Unauthenticated probes. <c>/healthz/live</c>: the actor system runs. <c>/healthz/ready</c>: this node can serve
/// (its actor system runs and it is Up in the cluster; its master key was opened at start-up). The shared
/// database is not part of readiness: while it is down, keys in use still encrypt and decrypt, and taking
/// every node out of its Service would stop that too. <c>/healthz</c> shows both, with the journal's state.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapKmsHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", (ActorSystem system) =>
            system.WhenTerminated.IsCompleted ? Results.Text("terminated", statusCode: 503) : Results.Text("live"));
        app.MapGet("/healthz/ready", (ActorSystem system, HttpContext http) =>
        {
            if (NotReady(system) is { } why) return Results.Text(why, statusCode: 503);
            return JournalOf(http) is { Available: false }
                ? Results.Text("ready; journal unavailable: changes are refused, keys in use still work")
                : Results.Text("ready");
        });
        app.MapGet("/healthz", (ActorSystem system, HttpContext http) =>
        {
            var why = NotReady(system);
            var journal = JournalOf(http) ?? new JournalStatus(true, null);
            var body = new HealthReport(
                why is null ? "ready" : why,
                system.WhenTerminated.IsCompleted ? "terminated" : Cluster.Get(system).SelfMember.Status.ToString(),
                new HealthReport.Journal(journal.Available ? "available" : "unavailable", journal.UnavailableSince));
            return Results.Json(body, statusCode: why is null ? 200 : 503);
        });
        return app;
    }

    private static string? NotReady(ActorSystem system) =>
        system.WhenTerminated.IsCompleted ? "terminated"
        : Cluster.Get(system).SelfMember.Status != MemberStatus.Up ? "not joined to the cluster"
        : null;

    private static JournalStatus? JournalOf(HttpContext http) => http.RequestServices.GetService<JournalAvailability>()?.Status;
}
