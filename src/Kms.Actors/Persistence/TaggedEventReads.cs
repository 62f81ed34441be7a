using System.Data.Common;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Config;
using Akka.Streams.Dsl;
using Akka.Util;
using Kms.Actors.Crypto;
using static Kms.Actors.Persistence.PlainSql;

namespace Kms.Actors.Persistence;

/// <summary>
/// Events by tag for the key catalog, as plain SQL on the SQLite or PostgreSQL journal. The plugin's read
/// journal fetches every event's tags with a string aggregate that linq2db writes, for both providers, as a
/// scan of the whole tag table per event, so reading the catalog was quadratic in the number of keys
/// (docs/decisions/0005-persistence-plugin-subclasses.md). The catalog needs no tags: it asked for one.
/// <para>
/// A reader must not skip an event that commits after a later one: PostgreSQL hands out orderings when
/// rows are inserted, and several nodes write at once, so ordering 7 may commit after 8 has been read.
/// Reads therefore stop at a <see cref="Frontier"/>: the highest ordering up to which no gap in the
/// journal's orderings can still fill. A gap is waited for until it is older than the plugin's own limit
/// for that (<c>journal-sequence-retrieval</c>: query-delay × max-tries); then it is taken to be a
/// transaction rolled back or events deleted. The age of a gap is measured on this node's clock alone:
/// every ordering at or below the highest this node saw that long ago was handed out at least that long
/// ago. SQLite has one writer, which commits orderings in order, so its frontier is the end of the journal.
/// </para>
/// <para>
/// Each event is opened with its journal MAC (<see cref="JournalIntegrity"/>); a row that fails the check is
/// read as a <see cref="JournalRowRejected"/>, never as the event it claims to be.
/// </para>
/// </summary>
public sealed class TaggedEventReads
{
    public const int BatchSize = 500;
    public const int FrontierBatchSize = 10_000;

    private readonly PlainSqlDatabase _database;
    private readonly string _eventsSql;
    private readonly string _maxOrderingSql;
    private readonly string _orderingsSql;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly JournalIntegrity _integrity;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _settleAfter;
    private readonly Queue<(DateTimeOffset At, long MaxOrdering)> _seen = new();
    private long _settled;

    private TaggedEventReads(PlainSqlDatabase database, JournalTableConfig table, Akka.Serialization.Serialization serialization,
        JournalIntegrity integrity, TimeProvider clock, TimeSpan settleAfter)
    {
        _database = database;
        _eventsSql = EventsSql(table);
        _maxOrderingSql = MaxOrderingSql(table);
        _orderingsSql = OrderingsSql(table);
        _serialization = serialization;
        _integrity = integrity;
        _clock = clock;
        _settleAfter = settleAfter;
    }

    /// <summary>How long a gap in the journal's orderings is waited for before it is taken to be permanent.</summary>
    public TimeSpan SettleAfter => _settleAfter;

    /// <summary>The reader for the read journal <paramref name="readJournalId"/>, or null when it is on neither SQLite nor PostgreSQL.</summary>
    public static TaggedEventReads? For(ActorSystem system, string readJournalId, TimeProvider? clock = null)
    {
        if (!system.Settings.Config.HasPath(readJournalId + ".provider-name")) return null;
        var config = new ReadJournalConfig(system.Settings.Config.GetConfig(readJournalId));
        if (PlainSqlDatabase.For(config.ProviderName, config.ConnectionString) is not { } database) return null;
        var retrieval = config.JournalSequenceRetrievalConfiguration;
        return new(database, config.TableConfig, system.Serialization, JournalIntegritySetup.Of(system), clock ?? TimeProvider.System,
            settleAfter: retrieval.QueryDelay * retrieval.MaxTries);
    }

    /// <summary>Events carrying a tag after one ordering and up to another, oldest first, at most <c>@limit</c>; deleted events left out.</summary>
    public static string EventsSql(JournalTableConfig table)
    {
        var j = table.EventJournalTable.ColumnNames;
        var t = table.TagTable.ColumnNames;
        return $"SELECT e.{Quote(j.Ordering)}, e.{Quote(j.PersistenceId)}, e.{Quote(j.SequenceNumber)}, e.{Quote(j.Created)}, " +
               $"e.{Quote(j.Message)}, e.{Quote(j.Identifier)}, e.{Quote(j.Manifest)} " +
               $"FROM {Table(table.SchemaName, table.EventJournalTable.Name)} e " +
               $"JOIN {Table(table.SchemaName, table.TagTable.Name)} g ON g.{Quote(t.OrderingId)} = e.{Quote(j.Ordering)} " +
               $"WHERE g.{Quote(t.Tag)} = @tag AND e.{Quote(j.Ordering)} > @after AND e.{Quote(j.Ordering)} <= @upTo AND NOT e.{Quote(j.Deleted)} " +
               $"ORDER BY e.{Quote(j.Ordering)} LIMIT @limit";
    }

    private static string MaxOrderingSql(JournalTableConfig table) =>
        $"SELECT MAX({Quote(table.EventJournalTable.ColumnNames.Ordering)}) FROM {Table(table.SchemaName, table.EventJournalTable.Name)}";

    private static string OrderingsSql(JournalTableConfig table)
    {
        var ordering = Quote(table.EventJournalTable.ColumnNames.Ordering);
        return $"SELECT {ordering} FROM {Table(table.SchemaName, table.EventJournalTable.Name)} WHERE {ordering} > @after ORDER BY {ordering} LIMIT @limit";
    }

    /// <summary>
    /// The highest ordering up to which the journal has no gap that may still fill (see the class remarks).
    /// Call it before each catch-up and read up to it; not thread-safe (the catalog calls it from one place).
    /// </summary>
    public async Task<long> Frontier(CancellationToken ct = default)
    {
        if (_database.Sqlite) return long.MaxValue;
        await using var connection = await _database.Open(ct);
        var max = await Scalar(connection, _maxOrderingSql, ct);
        var now = _clock.GetUtcNow();
        _seen.Enqueue((now, max));
        while (_seen.Count > 0 && _seen.Peek().At <= now - _settleAfter) _settled = Math.Max(_settled, _seen.Dequeue().MaxOrdering);

        var frontier = _settled;
        while (frontier < max)
        {
            var orderings = await Orderings(connection, frontier, ct);
            foreach (var ordering in orderings)
            {
                if (ordering != frontier + 1) return frontier;
                frontier = ordering;
            }
            if (orderings.Count < FrontierBatchSize) break;
        }
        return frontier;
    }

    /// <summary>Every event with the tag after <paramref name="afterOrdering"/> and up to <paramref name="upTo"/> as it stands now, read in batches.</summary>
    public Source<EventEnvelope, NotUsed> CurrentEventsByTag(string tag, long afterOrdering, long upTo) =>
        afterOrdering >= upTo ? Source.Empty<EventEnvelope>() : Source.UnfoldAsync<long, IReadOnlyList<EventEnvelope>>(afterOrdering, async after =>
            {
                var batch = await Read(tag, after, upTo, BatchSize);
                return batch.Count == 0
                    ? Option<(long, IReadOnlyList<EventEnvelope>)>.None
                    : Option<(long, IReadOnlyList<EventEnvelope>)>.Create((((Sequence)batch[^1].Offset).Value, batch));
            })
            .SelectMany(batch => batch);

    public async Task<IReadOnlyList<EventEnvelope>> Read(string tag, long afterOrdering, long upTo, int limit, CancellationToken ct = default)
    {
        await using var connection = await _database.Open(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = _eventsSql;
        AddParameter(command, "@tag", tag);
        AddParameter(command, "@after", afterOrdering);
        AddParameter(command, "@upTo", upTo);
        AddParameter(command, "@limit", limit);
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(ct);
        }
        catch (Exception e) when (IsMissingTable(e))
        {
            // The plugin creates its tables on the journal's first use: until then there is nothing to read.
            return [];
        }
        await using var _ = reader;
        var events = new List<EventEnvelope>();
        while (await reader.ReadAsync(ct))
        {
            var ordering = reader.GetInt64(0);
            var (persistenceId, sequenceNr, serializerId, manifest) = (reader.GetString(1), reader.GetInt64(2), reader.GetInt32(5), reader.IsDBNull(6) ? "" : reader.GetString(6));
            // Opened per row, never throwing: a row without a MAC is not deserialized at all, and one malformed row
            // is rejected on its own instead of failing the whole read (and keeping the catalog from loading).
            var payload = _integrity.Open(_serialization, JournalMac.Event, persistenceId, sequenceNr, serializerId, manifest, reader.GetFieldValue<byte[]>(4));
            events.Add(new EventEnvelope(Offset.Sequence(ordering), persistenceId, sequenceNr, payload, reader.GetInt64(3), [tag]));
        }
        return events;
    }

    private async Task<List<long>> Orderings(DbConnection connection, long after, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _orderingsSql;
        AddParameter(command, "@after", after);
        AddParameter(command, "@limit", FrontierBatchSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var orderings = new List<long>();
        while (await reader.ReadAsync(ct)) orderings.Add(reader.GetInt64(0));
        return orderings;
    }

    private static async Task<long> Scalar(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return await ReadLong(command, ct);
        }
        catch (Exception e) when (IsMissingTable(e))
        {
            return 0L;
        }
    }
}
