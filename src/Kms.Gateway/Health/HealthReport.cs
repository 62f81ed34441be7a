using System.Text.Json.Serialization;

namespace Kms.Gateway.Health;

/// <summary>The body of <c>/healthz</c>: whether the node can serve, its cluster status, and whether its journal takes changes.</summary>
public sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("journal")] HealthReport.Journal JournalState)
{
    /// <summary><c>available</c>, or <c>unavailable</c> since a time (UTC): changes are refused while it is.</summary>
    public sealed record Journal(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("unavailableSince")] DateTimeOffset? UnavailableSince);
}
