using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Node.Tests.Support;

/// <summary>
/// One row of the node's journal or snapshot table: the manifest and bytes of the event or snapshot it
/// holds, taken out of the journal MAC's envelope (<c>sealed.v1</c>) without checking the MAC.
/// </summary>
public sealed record StoredRow(string Table, long SequenceNr, bool Deleted, string Manifest, byte[] Message)
{
    public static StoredRow Opened(string table, long sequenceNr, bool deleted, string manifest, byte[] message)
    {
        if (manifest != "sealed.v1") return new(table, sequenceNr, deleted, manifest, message);
        using var envelope = JsonDocument.Parse(message);
        return new(table, sequenceNr, deleted, envelope.RootElement.GetProperty("Manifest").GetString()!,
            envelope.RootElement.GetProperty("Payload").GetBytesFromBase64());
    }
}

/// <summary>Reads what the node's database holds for one persistence id: its SQLite file (<c>&lt;data&gt;/kms.db</c>) or a PostgreSQL database.</summary>
public static class StoredRows
{
    public static async Task<IReadOnlyList<StoredRow>> Of(NodeFiles files, string persistenceId)
    {
        var path = Path.Combine(files.DataDirectory, "kms.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        return await Read(connection, persistenceId);
    }

    public static async Task<IReadOnlyList<StoredRow>> OfPostgres(string connectionString, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await Read(connection, persistenceId);
    }

    private static async Task<IReadOnlyList<StoredRow>> Read(DbConnection connection, string persistenceId)
    {
        var rows = new List<StoredRow>();
        await connection.OpenAsync();
        await using (var journal = connection.CreateCommand())
        {
            journal.CommandText = "SELECT sequence_number, deleted, manifest, message FROM journal WHERE persistence_id = @id ORDER BY sequence_number";
            AddId(journal, persistenceId);
            await using var reader = await journal.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(StoredRow.Opened("journal", reader.GetInt64(0), reader.GetBoolean(1), reader.GetString(2), (byte[])reader[3]));
        }
        await using (var snapshot = connection.CreateCommand())
        {
            snapshot.CommandText = "SELECT sequence_number, manifest, snapshot FROM snapshot WHERE persistence_id = @id ORDER BY sequence_number";
            AddId(snapshot, persistenceId);
            await using var reader = await snapshot.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(StoredRow.Opened("snapshot", reader.GetInt64(0), false, reader.GetString(1), (byte[])reader[2]));
        }
        return rows;
    }

    private static void AddId(DbCommand command, string persistenceId)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = persistenceId;
        command.Parameters.Add(parameter);
    }
}
