using Akka.Persistence.Sql.Config;
using static Kms.Actors.Persistence.PlainSql;

namespace Kms.Actors.Persistence;

/// <summary>
/// Removes the row Akka.Persistence.Sql keeps when it deletes events. The plugin marks every deleted row, then
/// removes all but the newest of them, which it keeps (payload and all) so that the highest sequence number
/// outlives the deletion of every event. A destroyed key deletes all but its last event, so the kept row was the
/// one before the destruction, and any material in it stayed on disk (issue 23). While a newer row remains it
/// already holds the highest sequence number, and the kept row can go. Which rows go depends only on sequence
/// numbers, never on what the rows hold.
/// </summary>
public sealed class KeptRowPurge
{
    private readonly PlainSqlDatabase _database;
    private readonly string _sql;

    private KeptRowPurge(PlainSqlDatabase database, string sql)
    {
        _database = database;
        _sql = sql;
    }

    /// <summary>The purge for the journal's table on SQLite or PostgreSQL; null on any other provider.</summary>
    public static KeptRowPurge? For(string? providerName, string? connectionString, JournalTableConfig table) =>
        PlainSqlDatabase.For(providerName, connectionString) is { } database ? new(database, Sql(table)) : null;

    /// <summary>Deletes one persistence id's journal rows up to a sequence number, and their tag rows, when a newer journal row of it remains.</summary>
    public static string Sql(JournalTableConfig table)
    {
        var columns = table.EventJournalTable.ColumnNames;
        var tags = table.TagTable.ColumnNames;
        var journal = Table(table.SchemaName, table.EventJournalTable.Name);
        var (pid, sequenceNr) = (Quote(columns.PersistenceId), Quote(columns.SequenceNumber));
        var newest = $"(SELECT MAX(n.{sequenceNr}) FROM {journal} n WHERE n.{pid} = @pid)";
        return $"DELETE FROM {Table(table.SchemaName, table.TagTable.Name)} WHERE {Quote(tags.PersistenceId)} = @pid " +
               $"AND {Quote(tags.SequenceNumber)} <= @to AND {Quote(tags.SequenceNumber)} < {newest}; " +
               $"DELETE FROM {journal} WHERE {pid} = @pid AND {sequenceNr} <= @to AND {sequenceNr} < {newest}";
    }

    public async Task Purge(string persistenceId, long toSequenceNr, CancellationToken ct)
    {
        await using var connection = await _database.Open(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        AddParameter(command, "@pid", persistenceId);
        AddParameter(command, "@to", toSequenceNr);
        await command.ExecuteNonQueryAsync(ct);
    }
}
