using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Config;
using Akka.Streams.Dsl;
using Akka.Util;
using Microsoft.Data.Sqlite;
using static Kms.Actors.Persistence.SqlIdentifiers;

namespace Kms.Actors.Persistence;

/// <summary>
/// Events by tag for the key catalog, as plain SQL on the embedded SQLite journal. The plugin's read
/// journal fetches every event's tags with a string aggregate that linq2db writes, for SQLite, as a scan of
/// the whole tag table per event, so reading the catalog was quadratic in the number of keys
/// (docs/benchmarks.md, round seven). The catalog needs no tags: it asked for one. SQLite has a single
/// writer, which commits orderings in increasing order, so reading past the last ordering seen misses
/// nothing. Other providers keep the plugin's read journal.
/// </summary>
public sealed class SqliteTaggedEvents
{
    public const int BatchSize = 500;

    private readonly string _connectionString;
    private readonly string _sql;
    private readonly Akka.Serialization.Serialization _serialization;

    private SqliteTaggedEvents(string connectionString, string sql, Akka.Serialization.Serialization serialization)
    {
        _connectionString = connectionString;
        _sql = sql;
        _serialization = serialization;
    }

    /// <summary>The reader for the read journal <paramref name="readJournalId"/>, or null when it is not on SQLite.</summary>
    public static SqliteTaggedEvents? For(ActorSystem system, string readJournalId)
    {
        if (!system.Settings.Config.HasPath(readJournalId + ".provider-name")) return null;
        var config = new ReadJournalConfig(system.Settings.Config.GetConfig(readJournalId));
        if (!config.ProviderName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(config.ConnectionString)) return null;
        return new(config.ConnectionString, Sql(config.TableConfig), system.Serialization);
    }

    /// <summary>Events carrying a tag after an ordering, oldest first, at most <c>@limit</c>; deleted events left out.</summary>
    public static string Sql(JournalTableConfig table)
    {
        var j = table.EventJournalTable.ColumnNames;
        var t = table.TagTable.ColumnNames;
        return $"SELECT e.{Quote(j.Ordering)}, e.{Quote(j.PersistenceId)}, e.{Quote(j.SequenceNumber)}, e.{Quote(j.Created)}, " +
               $"e.{Quote(j.Message)}, e.{Quote(j.Identifier)}, e.{Quote(j.Manifest)} " +
               $"FROM {Quote(table.EventJournalTable.Name)} e JOIN {Quote(table.TagTable.Name)} g ON g.{Quote(t.OrderingId)} = e.{Quote(j.Ordering)} " +
               $"WHERE g.{Quote(t.Tag)} = @tag AND e.{Quote(j.Ordering)} > @after AND NOT e.{Quote(j.Deleted)} " +
               $"ORDER BY e.{Quote(j.Ordering)} LIMIT @limit";
    }

    /// <summary>Every event with the tag after <paramref name="afterOrdering"/> as it stands now, read in batches.</summary>
    public Source<EventEnvelope, NotUsed> CurrentEventsByTag(string tag, long afterOrdering) =>
        Source.UnfoldAsync<long, IReadOnlyList<EventEnvelope>>(afterOrdering, async after =>
            {
                var batch = await Read(tag, after, BatchSize);
                return batch.Count == 0
                    ? Option<(long, IReadOnlyList<EventEnvelope>)>.None
                    : Option<(long, IReadOnlyList<EventEnvelope>)>.Create((((Sequence)batch[^1].Offset).Value, batch));
            })
            .SelectMany(batch => batch);

    public async Task<IReadOnlyList<EventEnvelope>> Read(string tag, long afterOrdering, int limit)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        SqliteDatabase.WaitWhileBusy(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.Parameters.AddWithValue("@tag", tag);
        command.Parameters.AddWithValue("@after", afterOrdering);
        command.Parameters.AddWithValue("@limit", limit);
        SqliteDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // The plugin creates its tables on the journal's first use: until then there is nothing to read.
            return [];
        }
        await using var _ = reader;
        var events = new List<EventEnvelope>();
        while (await reader.ReadAsync())
        {
            var ordering = reader.GetInt64(0);
            var payload = _serialization.Deserialize(reader.GetFieldValue<byte[]>(4), reader.GetInt32(5), reader.IsDBNull(6) ? "" : reader.GetString(6));
            events.Add(new EventEnvelope(Offset.Sequence(ordering), reader.GetString(1), reader.GetInt64(2), payload, reader.GetInt64(3), [tag]));
        }
        return events;
    }
}
