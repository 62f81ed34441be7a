namespace Kms.Actors.Persistence;

/// <summary>Where the journal and snapshots live. <see cref="Provider"/> is <c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
public sealed record PersistenceSettings(string Provider, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static PersistenceSettings ForSqliteFile(string path) =>
        new(Sqlite, $"Data Source={path};Pooling=True;Default Timeout=30");
}
