using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Node.Tests.Support;

/// <summary>What the journal, tag and snapshot tables hold for one persistence id, as stored (events taken out of their journal MAC envelope, unchecked).</summary>
public sealed record KeyRows(IReadOnlyList<StoredRow> Journal, int Tags, int Snapshots)
{
    /// <summary>The rows of the node's SQLite database (<c>&lt;data&gt;/kms.db</c>).</summary>
    public static async Task<KeyRows> InSqlite(NodeFiles files, string persistenceId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await Read(connection, persistenceId);
    }

    /// <summary>The rows of a PostgreSQL journal.</summary>
    public static async Task<KeyRows> InPostgres(string connectionString, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await Read(connection, persistenceId);
    }

    private static async Task<KeyRows> Read(DbConnection connection, string persistenceId)
    {
        var journal = new List<StoredRow>();
        await using (var command = Command(connection, "SELECT sequence_number, deleted, manifest, message FROM journal WHERE persistence_id = @id ORDER BY sequence_number", persistenceId))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                journal.Add(StoredRow.Opened("journal", reader.GetInt64(0), reader.GetBoolean(1), reader.GetString(2), (byte[])reader[3]));
        }
        return new KeyRows(journal,
            await Count(connection, "SELECT COUNT(*) FROM tags WHERE persistence_id = @id", persistenceId),
            await Count(connection, "SELECT COUNT(*) FROM snapshot WHERE persistence_id = @id", persistenceId));
    }

    private static async Task<int> Count(DbConnection connection, string sql, string persistenceId)
    {
        await using var command = Command(connection, sql, persistenceId);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private static DbCommand Command(DbConnection connection, string sql, string persistenceId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = persistenceId;
        command.Parameters.Add(parameter);
        return command;
    }
}
