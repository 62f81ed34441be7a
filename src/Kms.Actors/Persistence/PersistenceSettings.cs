using Npgsql;

namespace Kms.Actors.Persistence;

/// <summary>Where the journal and snapshots live. <see cref="Provider"/> is <c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
public sealed record PersistenceSettings(string Provider, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>
    /// Connections one node opens to PostgreSQL at most, unless its connection string sets <c>Maximum Pool Size</c>.
    /// Npgsql's own default (100) equals PostgreSQL's default <c>max_connections</c>, so a cluster of several nodes
    /// could take every connection the server has; with 20, the three replicas of <c>deploy/k8s</c> use 60 at most.
    /// A node that needs more waits for a free connection (the string's <c>Timeout</c>) instead of being refused.
    /// </summary>
    public const int DefaultPostgresPoolSize = 20;

    public static PersistenceSettings ForSqliteFile(string path) =>
        new(Sqlite, $"Data Source={path};Pooling=True;Default Timeout=30");

    /// <summary>
    /// How long Npgsql trusts what it last saw of a host (down, primary or standby) when the string names several.
    /// Npgsql's own 10 s would keep a node from its new primary for up to 10 s after a failover.
    /// </summary>
    public const int DefaultHostRecheckSeconds = 1;

    /// <summary>
    /// The PostgreSQL journal, with <see cref="DefaultPostgresPoolSize"/> and <see cref="DefaultHostRecheckSeconds"/>
    /// unless the string sets its own. Throws <see cref="ArgumentException"/> when Npgsql cannot parse the string.
    /// </summary>
    public static PersistenceSettings ForPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(builder, "maxpoolsize", "maximumpoolsize")) builder.MaxPoolSize = DefaultPostgresPoolSize;
        if (!Sets(builder, "hostrecheckseconds")) builder.HostRecheckSeconds = DefaultHostRecheckSeconds;
        return new(Postgres, builder.ConnectionString);
    }

    /// <summary>Whether the string named a setting, in any of Npgsql's spellings (the builder's keys are the ones given).</summary>
    private static bool Sets(NpgsqlConnectionStringBuilder builder, params string[] spellings) =>
        builder.Keys.Cast<string>().Select(key => key.Replace(" ", "").ToLowerInvariant()).Any(spellings.Contains);
}
