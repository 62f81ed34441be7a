using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.TestKit.Xunit2;
using Kms.Actors.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Actors.Tests.Persistence;

/// <summary>
/// The journal and snapshot store the node uses (<see cref="KmsSqlWriteJournal"/>, <see cref="KmsSqlSnapshotStore"/>)
/// on a real database: recoveries read the latest snapshot and the highest sequence number through
/// <see cref="RecoveryReads"/>, and must come back exactly as the plugin wrote them.
/// </summary>
public sealed class RecoveryReadsTests : IDisposable
{
    private readonly ThrowawayStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public Task Sqlite_recovers_the_latest_snapshot_and_the_events_after_it() => RecoversSnapshotAndLaterEvents(SqliteDatabaseFile());

    [PostgresFact]
    public async Task Postgres_recovers_the_latest_snapshot_and_the_events_after_it() => await RecoversSnapshotAndLaterEvents(await PostgresSchema());

    [Fact]
    public Task Sqlite_key_with_a_current_snapshot_replays_nothing_and_keeps_its_sequence_numbers() => CurrentSnapshotReplaysNothing(SqliteDatabaseFile());

    [PostgresFact]
    public async Task Postgres_key_with_a_current_snapshot_replays_nothing_and_keeps_its_sequence_numbers() => await CurrentSnapshotReplaysNothing(await PostgresSchema());

    [Fact]
    public async Task Unknown_persistence_id_has_no_snapshot_and_sequence_number_zero()
    {
        var database = SqliteDatabaseFile();
        await Run(database, async kit =>
        {
            // A first incarnation creates the tables; the reads then look for an id that never wrote.
            Assert.Equal("seq=0 snapshot=0 replayed=0 events=", await kit.Ask(kit.Spawn("never-written"), "state"));
        });
        var reads = RecoveryReads.For(database.Provider, database.ConnectionString)!;
        var journal = new Akka.Persistence.Sql.Config.JournalConfig(database.Config.GetConfig("akka.persistence.journal.sql").WithFallback(SqlPersistence.DefaultJournalConfiguration));
        var snapshots = new Akka.Persistence.Sql.Config.SnapshotConfig(database.Config.GetConfig("akka.persistence.snapshot-store.sql").WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        Assert.Equal(0, await reads.HighestSequenceNr(RecoveryReads.HighestSequenceNrSql(journal.TableConfig), "never-written", default));
        Assert.Null(await reads.LatestSnapshot(RecoveryReads.LatestSnapshotSql(snapshots.TableConfig), "never-written", default));
    }

    [Fact]
    public void Providers_other_than_sqlite_and_postgres_are_left_to_the_plugin()
    {
        Assert.Null(RecoveryReads.For("SqlServer.2019", "Server=x"));
        Assert.Null(RecoveryReads.For("SQLite.MS", ""));
        Assert.NotNull(RecoveryReads.For("PostgreSQL.15", "Host=127.0.0.1"));
    }

    private static async Task RecoversSnapshotAndLaterEvents(TestDatabase database)
    {
        await Run(database, async kit =>
        {
            var first = kit.Spawn("key-a");
            foreach (var e in new[] { "a", "b" }) Assert.Equal("ok", await kit.Ask(first, "persist:" + e));
            Assert.Equal("snapped", await kit.Ask(first, "snap"));
            foreach (var e in new[] { "c", "d" }) Assert.Equal("ok", await kit.Ask(first, "persist:" + e));
            await kit.Stop(first);

            var second = kit.Spawn("key-a");
            Assert.Equal("seq=4 snapshot=2 replayed=2 events=a,b,c,d", await kit.Ask(second, "state"));
        });
        // Another actor system (another node, or the same one restarted) sees the same.
        await Run(database, async kit => Assert.Equal("seq=4 snapshot=2 replayed=2 events=a,b,c,d", await kit.Ask(kit.Spawn("key-a"), "state")));
    }

    private static async Task CurrentSnapshotReplaysNothing(TestDatabase database)
    {
        await Run(database, async kit =>
        {
            var first = kit.Spawn("key-b");
            foreach (var e in new[] { "a", "b", "c" }) Assert.Equal("ok", await kit.Ask(first, "persist:" + e));
            Assert.Equal("snapped", await kit.Ask(first, "snap"));
            Assert.Equal("snapped", await kit.Ask(first, "snap"));
            await kit.Stop(first);
        });
        await Run(database, async kit =>
        {
            var second = kit.Spawn("key-b");
            Assert.Equal("seq=3 snapshot=3 replayed=0 events=a,b,c", await kit.Ask(second, "state"));
            Assert.Equal("ok", await kit.Ask(second, "persist:d"));
            await kit.Stop(second);
            Assert.Equal("seq=4 snapshot=3 replayed=1 events=a,b,c,d", await kit.Ask(kit.Spawn("key-b"), "state"));
        });
    }

    private static async Task Run(TestDatabase database, Func<Kit, Task> body)
    {
        using var kit = new Kit(SealedJournal.Setup(database.Config, Integrity));
        await body(kit);
    }

    /// <summary>One journal MAC key for every system of the class, as one master key for every start of a node.</summary>
    private static readonly JournalIntegrity Integrity = SealedJournal.NewIntegrity();

    private sealed class Kit(Akka.Actor.Setup.ActorSystemSetup setup) : TestKit(setup)
    {
        public IActorRef Spawn(string persistenceId) => Sys.ActorOf(Props.Create(() => new Recorder(persistenceId)));

        public async Task<string> Ask(IActorRef actor, string command) => await actor.Ask<string>(command, TimeSpan.FromSeconds(10));

        public async Task Stop(IActorRef actor)
        {
            var probe = CreateTestProbe();
            probe.Watch(actor);
            actor.Tell(PoisonPill.Instance);
            await probe.ExpectTerminatedAsync(actor, TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>A persistent actor that reports how it recovered: its sequence number, the snapshot's, and the events replayed after it.</summary>
    private sealed class Recorder : ReceivePersistentActor
    {
        private List<string> _events = [];
        private long _snapshotSequenceNr;
        private int _replayed;
        private IActorRef? _snapshotAsker;

        public Recorder(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<SnapshotOffer>(offer =>
            {
                _events = ((string)offer.Snapshot).Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
                _snapshotSequenceNr = offer.Metadata.SequenceNr;
            });
            Recover<string>(e => { _events.Add(e); _replayed++; });
            Command<string>(command =>
            {
                switch (command)
                {
                    case "snap":
                        _snapshotAsker = Sender;
                        SaveSnapshot(string.Join(",", _events));
                        break;
                    case "state":
                        Sender.Tell($"seq={LastSequenceNr} snapshot={_snapshotSequenceNr} replayed={_replayed} events={string.Join(",", _events)}");
                        break;
                    default:
                        Persist(command["persist:".Length..], e => { _events.Add(e); Sender.Tell("ok"); });
                        break;
                }
            });
            Command<SaveSnapshotSuccess>(_ => _snapshotAsker?.Tell("snapped"));
        }

        public override string PersistenceId { get; }
    }

    private sealed record TestDatabase(string Provider, string ConnectionString, Config Config);

    private TestDatabase SqliteDatabaseFile() => Database("SQLite.MS", _stores.SqliteFile("kms-recovery-"), schema: null);

    private async Task<TestDatabase> PostgresSchema()
    {
        var (connectionString, schema) = await _stores.PostgresSchema("recovery_");
        return Database("PostgreSQL.15", connectionString, schema);
    }

    private static TestDatabase Database(string provider, string connectionString, string? schema)
    {
        string Plugin(Type type) => $$"""
            class = "{{type.AssemblyQualifiedNameWithoutVersion()}}"
            connection-string = "{{connectionString.Replace("\\", "\\\\").Replace("\"", "\\\"")}}"
            provider-name = "{{provider}}"
            table-mapping = default
            auto-initialize = true
            {{(schema is null ? "" : $"default.schema-name = {schema}")}}
            """;
        var config = ConfigurationFactory.ParseString($$"""
            akka.loglevel = INFO
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql { {{Plugin(typeof(KmsSqlWriteJournal))}} }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql { {{Plugin(typeof(KmsSqlSnapshotStore))}} }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
        return new TestDatabase(provider, connectionString, config);
    }
}
