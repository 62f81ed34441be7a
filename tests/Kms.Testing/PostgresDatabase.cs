using Npgsql;

namespace Kms.Testing;

/// <summary>A fresh database on the PostgreSQL server of <c>KMS_TEST_PG</c>, dropped on dispose.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _name = "kms_test_" + Guid.NewGuid().ToString("N")[..12];

    private PostgresDatabase() =>
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = _name, Pooling = false }.ConnectionString;

    private static string Server => Environment.GetEnvironmentVariable("KMS_TEST_PG") ?? "";

    public string ConnectionString { get; }

    /// <summary>The settings that put a node's journal, snapshots and master key parameters in this database.</summary>
    public Dictionary<string, string?> NodeSettings() => new()
    {
        ["Kms:Persistence:Provider"] = "postgres",
        ["Kms:Persistence:ConnectionString"] = ConnectionString,
    };

    public static async Task<PostgresDatabase> Create()
    {
        var database = new PostgresDatabase();
        await database.Execute(Server, $"CREATE DATABASE {database._name}");
        return database;
    }

    /// <summary>The one value <paramref name="sql"/> selects in this database.</summary>
    public async Task<object?> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await Execute(Server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // Best effort: a throwaway server is discarded with its data anyway.
        }
    }
}
