using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Actors.Persistence;

/// <summary>
/// What the plain-SQL reads of the journal share (<see cref="RecoveryReads"/>, <see cref="TaggedEventReads"/>):
/// names quoted as SQLite and PostgreSQL both take them, parameters, scalar reads.
/// </summary>
internal static class PlainSql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>A table name, with its schema when the plugin's table mapping names one.</summary>
    public static string Table(string? schema, string name) => schema is null ? Quote(name) : $"{Quote(schema)}.{Quote(name)}";

    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A table the plugin has not created yet: SQLite says "no such table" with its generic error code 1; PostgreSQL says undefined_table (42P01).</summary>
    public static bool IsMissingTable(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 1 && sqlite.Message.Contains("no such table", StringComparison.Ordinal),
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UndefinedTable,
        _ => false,
    };

    /// <summary>A command's single number, 0 when it answers no row or NULL (the <c>MAX</c> of nothing).</summary>
    public static async Task<long> ReadLong(DbCommand command, CancellationToken ct) =>
        await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt64(value) : 0L;
}

/// <summary>The journal's database as the plain-SQL reads open it: its ADO.NET provider and connection string.</summary>
internal sealed class PlainSqlDatabase
{
    private readonly DbProviderFactory _factory;
    private readonly string _connectionString;

    private PlainSqlDatabase(DbProviderFactory factory, string connectionString, bool sqlite)
    {
        _factory = factory;
        _connectionString = connectionString;
        Sqlite = sqlite;
    }

    public bool Sqlite { get; }

    /// <summary>The database for a linq2db provider name: SQLite or PostgreSQL, else null (the plugin reads).</summary>
    public static PlainSqlDatabase? For(string? providerName, string? connectionString) =>
        providerName is null || string.IsNullOrEmpty(connectionString) ? null
        : providerName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase) ? new(SqliteFactory.Instance, connectionString, sqlite: true)
        : providerName.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase) ? new(NpgsqlFactory.Instance, connectionString, sqlite: false)
        : null;

    /// <summary>Closes the pool's idle connections and discards the busy ones when they come back: after an outage they are broken.</summary>
    public void ClearPool()
    {
        if (Sqlite)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        else
        {
            using var connection = new NpgsqlConnection(_connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    /// <summary>An open connection; on SQLite it waits while another connection writes, as the journal's own do.</summary>
    public async Task<DbConnection> Open(CancellationToken ct)
    {
        var connection = _factory.CreateConnection()!;
        try
        {
            connection.ConnectionString = _connectionString;
            await connection.OpenAsync(ct);
            if (Sqlite) SqliteDatabase.WaitWhileBusy(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
