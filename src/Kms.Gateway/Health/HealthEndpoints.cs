using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using AspNetHealthReport = Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport;

namespace Kms.Gateway.Health;

/// <summary>
/// Unauthenticated probes on ASP.NET Core health checks. <c>/healthz/live</c>: the actor system runs.
/// <c>/healthz/ready</c>: this node can serve (it is Up in the cluster; its master key was opened at start-up).
/// The shared database is not part of readiness (<see cref="JournalHealthCheck"/> is at worst Degraded, still 200).
/// <c>/healthz</c> shows both, with the journal's state, as JSON. Degraded answers 200 and Unhealthy 503, the defaults.
/// </summary>
public static class HealthEndpoints
{
    private const string Journal = "journal";
    private const string Cluster = "cluster";
    private static readonly byte[] LiveText = Encoding.UTF8.GetBytes("live");

    public static IServiceCollection AddKmsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ActorSystemHealthCheck>("actor-system", tags: [HealthTags.Live])
            .AddCheck<ClusterMembershipHealthCheck>(Cluster, tags: [HealthTags.Ready])
            .AddCheck<MasterKeyHealthCheck>("master-key", tags: [HealthTags.Ready])
            .AddCheck<JournalHealthCheck>(Journal, tags: [HealthTags.Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapKmsHealth(this IEndpointRouteBuilder app)
    {
        // AllowCachingResponses: the answers stay as they were, without the middleware's no-cache headers.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Live), ResponseWriter = WriteLive, AllowCachingResponses = true });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteReady, AllowCachingResponses = true });
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteReport, AllowCachingResponses = true });
        return app;
    }

    /// <summary>The bench's baseline request: a fixed body, written without formatting anything.</summary>
    private static Task WriteLive(HttpContext http, AspNetHealthReport report)
    {
        if (report.Status == HealthStatus.Unhealthy) return Text(http, Problem(report) ?? "terminated");
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.ContentLength = LiveText.Length;
        return http.Response.Body.WriteAsync(LiveText).AsTask();
    }

    /// <summary>"ready", with a note for each Degraded check (the journal's keeps the wording operators already match on).</summary>
    private static Task WriteReady(HttpContext http, AspNetHealthReport report)
    {
        if (Problem(report) is { } problem) return Text(http, problem);
        if (report.Status == HealthStatus.Healthy) return Text(http, "ready");
        var text = new StringBuilder("ready");
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Degraded) continue;
            text.Append("; ").Append(name == Journal ? "journal unavailable: changes are refused, keys in use still work" : entry.Description);
        }
        return Text(http, text.ToString());
    }

    private static Task WriteReport(HttpContext http, AspNetHealthReport report)
    {
        var cluster = report.Entries.TryGetValue(Cluster, out var member) && member.Data.TryGetValue(ClusterMembershipHealthCheck.StatusKey, out var status)
            ? (string)status
            : "terminated";
        var journalAvailable = !report.Entries.TryGetValue(Journal, out var journal) || journal.Status == HealthStatus.Healthy;
        DateTimeOffset? unavailableSince = journal.Data?.TryGetValue(JournalHealthCheck.UnavailableSinceKey, out var since) == true ? (DateTimeOffset)since : null;
        var body = new HealthReport(Problem(report) ?? "ready", cluster,
            new HealthReport.Journal(journalAvailable ? "available" : "unavailable", unavailableSince));
        return Results.Json(body, statusCode: http.Response.StatusCode).ExecuteAsync(http);
    }

    /// <summary>Why the node cannot serve: the first unhealthy check's description, in the order they were added.</summary>
    private static string? Problem(AspNetHealthReport report)
    {
        foreach (var entry in report.Entries.Values)
            if (entry.Status == HealthStatus.Unhealthy) return entry.Description;
        return null;
    }

    private static Task Text(HttpContext http, string text) => Results.Text(text, statusCode: http.Response.StatusCode).ExecuteAsync(http);
}
