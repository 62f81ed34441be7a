using Kms.Actors.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Actors.Tests.Persistence;

/// <summary>
/// Empty journal stores for one test class: SQLite files in temporary directories and schemas on the PostgreSQL
/// server of <c>KMS_TEST_PG</c>, all removed on dispose.
/// </summary>
public sealed class ThrowawayStores : IDisposable
{
    private readonly List<string> _directories = [];
    private readonly List<string> _schemas = [];

    /// <summary>The connection string of a prepared SQLite journal file in a new temporary directory.</summary>
    public string SqliteFile(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix);
        _directories.Add(directory.FullName);
        var connectionString = PersistenceSettings.ForSqliteFile(Path.Combine(directory.FullName, "journal.db")).ConnectionString;
        SqliteDatabase.Prepare(connectionString);
        return connectionString;
    }

    /// <summary>A new, empty schema on the test server, and the server's connection string.</summary>
    public async Task<(string ConnectionString, string Schema)> PostgresSchema(string prefix)
    {
        var schema = prefix + Guid.NewGuid().ToString("N")[..12];
        _schemas.Add(schema);
        var connectionString = Environment.GetEnvironmentVariable("KMS_TEST_PG")!;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return (connectionString, schema);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var directory in _directories) Directory.Delete(directory, recursive: true);
        if (_schemas.Count == 0) return;
        using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("KMS_TEST_PG"));
        connection.Open();
        foreach (var schema in _schemas)
        {
            using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        }
    }
}
