using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Kms.Node.Tests.Support;

/// <summary>
/// One row of the node's SQLite journal or snapshot table: the manifest and bytes of the event or snapshot it
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

/// <summary>Reads what the node's SQLite database (<c>&lt;data&gt;/kms.db</c>) holds for one persistence id.</summary>
public static class StoredRows
{
    public static async Task<IReadOnlyList<StoredRow>> Of(NodeFiles files, string persistenceId)
    {
        var rows = new List<StoredRow>();
        var path = Path.Combine(files.DataDirectory, "kms.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using (var journal = connection.CreateCommand())
        {
            journal.CommandText = "SELECT sequence_number, deleted, manifest, message FROM journal WHERE persistence_id = $id ORDER BY sequence_number";
            journal.Parameters.AddWithValue("$id", persistenceId);
            await using var reader = await journal.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(StoredRow.Opened("journal", reader.GetInt64(0), reader.GetBoolean(1), reader.GetString(2), (byte[])reader[3]));
        }
        await using (var snapshot = connection.CreateCommand())
        {
            snapshot.CommandText = "SELECT sequence_number, manifest, snapshot FROM snapshot WHERE persistence_id = $id ORDER BY sequence_number";
            snapshot.Parameters.AddWithValue("$id", persistenceId);
            await using var reader = await snapshot.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(StoredRow.Opened("snapshot", reader.GetInt64(0), false, reader.GetString(1), (byte[])reader[2]));
        }
        return rows;
    }
}
