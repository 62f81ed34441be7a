using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Kms.Actors.Crypto;
using Kms.Actors.Persistence;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Kms.Actors.Tests.Persistence;

/// <summary>
/// The catalog's own read of events by tag on PostgreSQL (<see cref="TaggedEventReads"/>): the same events as
/// the plugin's read journal, and never past an ordering whose transaction may still commit. Orderings are
/// handed out at insert, so with several writers ordering n can commit after n + 1; a reader that went past
/// n + 1 would never see n.
/// </summary>
public sealed class TaggedEventReadsTests : IDisposable
{
    private const string Tag = "key";
    private readonly string _schema = "tagged_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _connectionString = Environment.GetEnvironmentVariable("KMS_TEST_PG") ?? "";
    private bool _created;
    private readonly JournalIntegrity _integrity = SealedJournal.NewIntegrity();
    private Akka.Serialization.Serialization? _serialization;

    public void Dispose()
    {
        if (!_created) return;
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        drop.ExecuteNonQuery();
    }

    [PostgresFact]
    public async Task Reads_the_same_tagged_events_as_the_plugins_read_journal()
    {
        using var kit = await Kit();
        var writer = kit.Writer("writer-a");
        foreach (var e in new[] { "a", "b:other", "c", "d" }) await writer.Persist(e);
        var reads = TaggedEventReads.For(kit.Sys, ReadJournalId)!;

        var frontier = await reads.Frontier();
        var journal = PersistenceQuery.Get(kit.Sys).ReadJournalFor<SqlReadJournal>(ReadJournalId);
        var expected = await kit.Collect(journal.CurrentEventsByTag(Tag, Offset.Sequence(0)));
        var read = await kit.Collect(reads.CurrentEventsByTag(Tag, 0, frontier));

        Assert.Equal(["a", "c", "d"], read.Select(e => (string)e.Event));
        // The plugin's read journal hands out the sealed rows; ours opens them.
        Assert.Equal(Describe(expected.Select(e => e.Event is SealedPayload
            ? new EventEnvelope(e.Offset, e.PersistenceId, e.SequenceNr, _integrity.Open(kit.Sys.Serialization, JournalMac.Event, e.PersistenceId, e.SequenceNr, e.Event), e.Timestamp, e.Tags)
            : e)), Describe(read));
    }

    [PostgresFact]
    public async Task Stops_before_an_ordering_whose_transaction_is_still_open_and_reads_it_once_it_commits()
    {
        using var kit = await Kit();
        var writer = kit.Writer("writer-a");
        await writer.Persist("first");
        var reads = TaggedEventReads.For(kit.Sys, ReadJournalId)!;
        var first = (await kit.Collect(reads.CurrentEventsByTag(Tag, 0, await reads.Frontier()))).Single();

        // Another node's write: its row takes the next ordering, and its transaction stays open...
        await using var other = new NpgsqlConnection(_connectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        var late = await InsertCopy(other, transaction, first, "writer-b");
        // ...while this node's next event takes a later ordering and commits.
        await writer.Persist("second");

        var frontier = await reads.Frontier();
        Assert.Equal(Ordering(first), frontier);
        Assert.Empty(await kit.Collect(reads.CurrentEventsByTag(Tag, Ordering(first), frontier)));

        await transaction.CommitAsync();
        frontier = await reads.Frontier();
        var after = await kit.Collect(reads.CurrentEventsByTag(Tag, Ordering(first), frontier));
        Assert.Equal([late, late + 1], after.Select(Ordering));
        Assert.Equal(["writer-b", "writer-a"], after.Select(e => e.PersistenceId));
    }

    [PostgresFact]
    public async Task Passes_a_gap_left_by_a_rolled_back_insert_once_it_is_older_than_the_settle_time()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T00:00:00Z"));
        using var kit = await Kit();
        var writer = kit.Writer("writer-a");
        await writer.Persist("first");
        var reads = TaggedEventReads.For(kit.Sys, ReadJournalId, clock)!;
        var first = (await kit.Collect(reads.CurrentEventsByTag(Tag, 0, await reads.Frontier()))).Single();

        await using (var other = new NpgsqlConnection(_connectionString))
        {
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            await InsertCopy(other, transaction, first, "writer-b");
            await transaction.RollbackAsync();
        }
        await writer.Persist("second");

        Assert.Equal(Ordering(first), await reads.Frontier());
        clock.Advance(reads.SettleAfter - TimeSpan.FromMilliseconds(1));
        Assert.Equal(Ordering(first), await reads.Frontier());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var frontier = await reads.Frontier();
        Assert.Equal(Ordering(first) + 2, frontier);
        Assert.Equal(["second"], (await kit.Collect(reads.CurrentEventsByTag(Tag, Ordering(first), frontier))).Select(e => (string)e.Event));
    }

    [PostgresFact]
    public async Task A_journal_whose_tables_do_not_exist_yet_reads_as_empty()
    {
        using var kit = await Kit(autoInitialize: false);
        var reads = TaggedEventReads.For(kit.Sys, ReadJournalId)!;
        Assert.Equal(0, await reads.Frontier());
        Assert.Empty(await reads.Read(Tag, 0, long.MaxValue, TaggedEventReads.BatchSize));
    }

    [Fact]
    public void Providers_other_than_sqlite_and_postgres_are_left_to_the_plugin()
    {
        using var system = ActorSystem.Create("tagged", ConfigurationFactory.ParseString($$"""
            {{ReadJournalId}} { provider-name = "SqlServer.2019", connection-string = "Server=x", table-mapping = default }
            """).WithFallback(SqlPersistence.DefaultConfiguration).WithFallback(SqlPersistence.DefaultQueryConfiguration));
        Assert.Null(TaggedEventReads.For(system, ReadJournalId));
    }

    private const string ReadJournalId = "akka.persistence.query.journal.sql";

    private static long Ordering(EventEnvelope e) => ((Sequence)e.Offset).Value;

    private static List<string> Describe(IEnumerable<EventEnvelope> events) =>
        events.Select(e => $"{e.Offset} {e.PersistenceId} {e.SequenceNr} {e.Event}").ToList();

    /// <summary>
    /// Inserts, inside <paramref name="transaction"/>, a tagged copy of an event under another persistence id, sealed
    /// for its new place as the journal would have; returns its ordering.
    /// </summary>
    private async Task<long> InsertCopy(NpgsqlConnection connection, NpgsqlTransaction transaction, EventEnvelope source, string persistenceId)
    {
        var copy = _integrity.Seal(_serialization!, JournalMac.Event, persistenceId, 1, source.Event);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO {_schema}.journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            SELECT created, false, @pid, 1, @message, manifest, identifier, writer_uuid FROM {_schema}.journal WHERE ordering = @source
            RETURNING ordering
            """, connection, transaction);
        insert.Parameters.AddWithValue("pid", persistenceId);
        insert.Parameters.AddWithValue("message", _serialization!.FindSerializerFor(copy).ToBinary(copy));
        insert.Parameters.AddWithValue("source", Ordering(source));
        var ordering = (long)(await insert.ExecuteScalarAsync())!;
        await using var tag = new NpgsqlCommand($"INSERT INTO {_schema}.tags (ordering_id, tag, persistence_id, sequence_nr) VALUES (@ordering, @tag, @pid, 1)", connection, transaction);
        tag.Parameters.AddWithValue("ordering", ordering);
        tag.Parameters.AddWithValue("tag", Tag);
        tag.Parameters.AddWithValue("pid", persistenceId);
        await tag.ExecuteNonQueryAsync();
        return ordering;
    }

    private async Task<TestKitSystem> Kit(bool autoInitialize = true)
    {
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            await create.ExecuteNonQueryAsync();
            _created = true;
        }
        var common = $$"""
            connection-string = "{{_connectionString.Replace("\\", "\\\\").Replace("\"", "\\\"")}}"
            provider-name = "PostgreSQL.15"
            table-mapping = default
            default.schema-name = {{_schema}}
            """;
        var config = ConfigurationFactory.ParseString($$"""
            akka.loglevel = INFO
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
              class = "{{typeof(KmsSqlWriteJournal).AssemblyQualifiedNameWithoutVersion()}}"
              {{common}}
              auto-initialize = {{(autoInitialize ? "true" : "false")}}
              tag-write-mode = TagTable
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
              class = "{{typeof(KmsSqlSnapshotStore).AssemblyQualifiedNameWithoutVersion()}}"
              {{common}}
            }
            {{ReadJournalId}} {
              {{common}}
              write-plugin = "akka.persistence.journal.sql"
              tag-read-mode = TagTable
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration).WithFallback(SqlPersistence.DefaultQueryConfiguration);
        var kit = new TestKitSystem(SealedJournal.Setup(config, _integrity));
        _serialization = kit.Sys.Serialization;
        return kit;
    }

    private sealed class TestKitSystem(Akka.Actor.Setup.ActorSystemSetup setup) : TestKit(setup)
    {
        public WriterHandle Writer(string persistenceId) => new(Sys.ActorOf(Props.Create(() => new TaggingWriter(persistenceId))));

        public Task<List<EventEnvelope>> Collect(Source<EventEnvelope, Akka.NotUsed> source) =>
            source.RunAggregate(new List<EventEnvelope>(), (list, e) => { list.Add(e); return list; }, Sys.Materializer());
    }

    private sealed class WriterHandle(IActorRef actor)
    {
        public async Task Persist(string e) => Assert.Equal("ok", await actor.Ask<string>(e, TimeSpan.FromSeconds(10)));
    }

    /// <summary>Persists each string it is sent, tagged <see cref="Tag"/>, or "other" for "x:other".</summary>
    private sealed class TaggingWriter : ReceivePersistentActor
    {
        public TaggingWriter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Command<string>(command =>
            {
                var parts = command.Split(':');
                var tag = parts.Length > 1 ? parts[1] : Tag;
                Persist(new Tagged(parts[0], [tag]), _ => Sender.Tell("ok"));
            });
        }

        public override string PersistenceId { get; }
    }
}
