using System.Data;
using System.Data.Common;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Snapshot;
using static Kms.Actors.Persistence.PlainSql;

namespace Kms.Actors.Persistence;

/// <summary>
/// The two reads every key makes when it starts, its latest snapshot and its highest sequence number, as
/// plain parameterized SQL on the tables Akka.Persistence.Sql maps. Through linq2db each had its SQL text
/// built again on every execution, about half of the CPU of starting a passivated key
/// (docs/decisions/0005-persistence-plugin-subclasses.md);
/// every other journal and snapshot operation stays with the plugin. Only SQLite and PostgreSQL are read
/// here; <see cref="For"/> answers null for any other provider, and the plugin then reads as before.
/// </summary>
public sealed class RecoveryReads
{
    private readonly PlainSqlDatabase _database;

    private RecoveryReads(PlainSqlDatabase database) => _database = database;

    public static RecoveryReads? For(string? providerName, string? connectionString) =>
        PlainSqlDatabase.For(providerName, connectionString) is { } database ? new(database) : null;

    /// <summary><c>SELECT MAX(sequence_number)</c> of one persistence id; 0 when it has no events.</summary>
    public static string HighestSequenceNrSql(JournalTableConfig table)
    {
        var columns = table.EventJournalTable.ColumnNames;
        return $"SELECT MAX({Quote(columns.SequenceNumber)}) FROM {Table(table.SchemaName, table.EventJournalTable.Name)} " +
               $"WHERE {Quote(columns.PersistenceId)} = @pid";
    }

    /// <summary>The newest snapshot row of one persistence id, in <see cref="ReadSnapshotRow"/>'s column order.</summary>
    public static string LatestSnapshotSql(SnapshotTableConfiguration table)
    {
        var columns = table.SnapshotTable.ColumnNames;
        return $"SELECT {Quote(columns.SequenceNumber)}, {Quote(columns.Created)}, {Quote(columns.Snapshot)}, {Quote(columns.Manifest)}, {Quote(columns.SerializerId)} " +
               $"FROM {Table(table.SchemaName, table.SnapshotTable.Name)} WHERE {Quote(columns.PersistenceId)} = @pid " +
               $"ORDER BY {Quote(columns.SequenceNumber)} DESC LIMIT 1";
    }

    public async Task<long> HighestSequenceNr(string sql, string persistenceId, CancellationToken ct)
    {
        await using var connection = await _database.Open(ct);
        await using var command = Command(connection, sql, persistenceId);
        return await ReadLong(command, ct);
    }

    public async Task<LongSnapshotRow?> LatestSnapshot(string sql, string persistenceId, CancellationToken ct)
    {
        await using var connection = await _database.Open(ct);
        await using var command = Command(connection, sql, persistenceId);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        return await reader.ReadAsync(ct) ? ReadSnapshotRow(reader, persistenceId) : null;
    }

    private static LongSnapshotRow ReadSnapshotRow(DbDataReader reader, string persistenceId) => new()
    {
        PersistenceId = persistenceId,
        SequenceNumber = reader.GetInt64(0),
        Created = reader.GetInt64(1),
        Payload = reader.GetFieldValue<byte[]>(2),
        Manifest = reader.IsDBNull(3) ? null! : reader.GetString(3),
        SerializerId = reader.IsDBNull(4) ? null : reader.GetInt32(4),
    };

    private static DbCommand Command(DbConnection connection, string sql, string persistenceId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@pid", persistenceId);
        return command;
    }
}
