using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Actors.Persistence;

/// <summary>
/// What the plain-SQL reads of the journal share (<see cref="RecoveryReads"/>, <see cref="TaggedEventReads"/>):
/// names quoted as SQLite and PostgreSQL both take them, connections, parameters.
/// </summary>
internal static class PlainSql
{
    /// <summary>The ADO.NET provider for a linq2db provider name: SQLite or PostgreSQL, else null (the plugin reads).</summary>
    public static (DbProviderFactory Factory, bool Sqlite)? Provider(string? providerName) =>
        providerName is null ? null
        : providerName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase) ? (SqliteFactory.Instance, true)
        : providerName.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase) ? (NpgsqlFactory.Instance, false)
        : null;

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>A table name, with its schema when the plugin's table mapping names one.</summary>
    public static string Table(string? schema, string name) => schema is null ? Quote(name) : $"{Quote(schema)}.{Quote(name)}";

    /// <summary>An open connection; on SQLite it waits while another connection writes, as the journal's own do.</summary>
    public static async Task<DbConnection> Open(DbProviderFactory factory, string connectionString, bool sqlite, CancellationToken ct)
    {
        var connection = factory.CreateConnection()!;
        try
        {
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(ct);
            if (sqlite) SqliteDatabase.WaitWhileBusy(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
