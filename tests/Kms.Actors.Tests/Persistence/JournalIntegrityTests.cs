using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.TestKit.Xunit2;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;
using Kms.Actors.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Actors.Tests.Persistence;

/// <summary>
/// Rows of the journal and snapshot store edited in the database, as someone who can write to it but does not
/// hold the master key would: the key or alias refuses its history with an internal error instead of using it,
/// on SQLite and on PostgreSQL. A journal written before journal MACs works again once migrated.
/// </summary>
public sealed class JournalIntegrityTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ThrowawayStores _stores = new();
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _stores.Dispose();

    [Fact]
    public Task Sqlite_key_refuses_an_event_whose_manifest_was_edited() => RefusesEditedEvent(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_key_refuses_an_event_whose_manifest_was_edited() => await RefusesEditedEvent(await PostgresDatabase());

    [Fact]
    public Task Sqlite_key_refuses_an_event_written_without_a_mac() => RefusesBareEvent(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_key_refuses_an_event_written_without_a_mac() => await RefusesBareEvent(await PostgresDatabase());

    [Fact]
    public Task Sqlite_key_refuses_a_history_with_a_row_deleted_in_the_middle() => RefusesHistoryWithGap(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_key_refuses_a_history_with_a_row_deleted_in_the_middle() => await RefusesHistoryWithGap(await PostgresDatabase());

    [Fact]
    public Task Sqlite_key_refuses_an_edited_snapshot() => RefusesEditedSnapshot(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_key_refuses_an_edited_snapshot() => await RefusesEditedSnapshot(await PostgresDatabase());

    [Fact]
    public Task Sqlite_alias_refuses_an_edited_target() => RefusesRepointedAlias(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_alias_refuses_an_edited_target() => await RefusesRepointedAlias(await PostgresDatabase());

    [Fact]
    public Task Sqlite_journal_from_before_journal_macs_is_refused_until_migrated() => MigratesOldJournal(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_journal_from_before_journal_macs_is_refused_until_migrated() => await MigratesOldJournal(await PostgresDatabase());

    [Fact]
    public Task Sqlite_journal_mixing_sealed_and_bare_rows_is_refused_and_left_unchanged() => RefusesMixedJournal(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_journal_mixing_sealed_and_bare_rows_is_refused_and_left_unchanged() => await RefusesMixedJournal(await PostgresDatabase());

    [Fact]
    public Task Sqlite_reseal_after_a_provider_move_seals_no_bare_row() => ResealLeavesBareRows(SqliteDatabase());

    [Fact]
    public Task Sqlite_malformed_sealed_rows_are_rejected_one_by_one() => RejectsMalformedRows(SqliteDatabase());

    [PostgresFact]
    public async Task Postgres_malformed_sealed_rows_are_rejected_one_by_one() => await RejectsMalformedRows(await PostgresDatabase());

    [Fact]
    public Task Sqlite_snapshot_naming_another_serializer_is_refused_unread() => RefusesForeignSerializerSnapshot(SqliteDatabase());

    [Fact]
    public void A_row_moved_to_another_key_or_sequence_number_fails_its_mac()
    {
        using var kit = new Kit(SqliteDatabase(), this);
        var integrity = JournalIntegritySetup.Of(kit.Sys);
        var row = integrity.Seal(kit.Sys.Serialization, JournalMac.Event, "key-a", 2, new KeyEvents.KeyDisabled("a"));
        Assert.IsType<KeyEvents.KeyDisabled>(integrity.Open(kit.Sys.Serialization, JournalMac.Event, "key-a", 2, row));
        Assert.IsType<JournalRowRejected>(integrity.Open(kit.Sys.Serialization, JournalMac.Event, "key-b", 2, row));
        Assert.IsType<JournalRowRejected>(integrity.Open(kit.Sys.Serialization, JournalMac.Event, "key-a", 3, row));
        Assert.IsType<JournalRowRejected>(integrity.Open(kit.Sys.Serialization, JournalMac.Snapshot, "key-a", 2, row));
        Assert.IsType<JournalRowRejected>(new JournalIntegrity(RandomNumberGenerator.GetBytes(32)).Open(kit.Sys.Serialization, JournalMac.Event, "key-a", 2, row));
    }

    private async Task RefusesEditedEvent(TestDatabase database)
    {
        var keyId = KeyIds.New();
        using (var kit = new Kit(database, this))
        {
            var key = kit.Key(keyId);
            kit.CreateKey(key, keyId);
            Assert.False(kit.Send<KeyReplies.Metadata>(key, new KeyCommands.DisableKey(keyId)).Key.Enabled);
            kit.StopWith(key, PoisonPill.Instance);
            // Untouched, the key comes back disabled.
            Assert.False(kit.Send<KeyReplies.Metadata>(kit.Key(keyId), new KeyCommands.DescribeKey(keyId)).Key.Enabled);
        }

        // Re-enable the key by turning its KeyDisabled into a KeyEnabled (both carry only the key id).
        var row = JsonNode.Parse(await database.ReadEvent("key-" + keyId, 2))!;
        Assert.Equal("key-disabled.v1", (string?)row["Manifest"]);
        row["Manifest"] = "key-enabled.v1";
        await database.WriteEvent("key-" + keyId, 2, Encoding.UTF8.GetBytes(row.ToJsonString()));

        using (var kit = new Kit(database, this))
        {
            kit.AssertRefused(kit.Key(keyId), keyId);
            var reads = TaggedEventReads.For(kit.Sys, "akka.persistence.query.journal.sql")!;
            var events = await reads.Read(KeyCatalogActor.KeyTag, 0, long.MaxValue, 10);
            Assert.IsType<KeyEvents.KeyCreated>(events[0].Event);
            Assert.Equal(2, Assert.IsType<JournalRowRejected>(events[1].Event).SequenceNr);
        }
    }

    private async Task RefusesBareEvent(TestDatabase database)
    {
        var keyId = KeyIds.New();
        using (var kit = new Kit(database, this))
        {
            var key = kit.Key(keyId);
            kit.CreateKey(key, keyId);
            kit.Send<KeyReplies.Metadata>(key, new KeyCommands.DisableKey(keyId));
        }

        // The row as a journal without MACs would hold it: the bare event under its own manifest.
        await database.Execute($"UPDATE {database.Journal} SET message = @message, manifest = 'key-enabled.v1' WHERE persistence_id = @pid AND sequence_number = 2",
            ("@message", Encoding.UTF8.GetBytes($$"""{"KeyId":"{{keyId}}"}""")), ("@pid", "key-" + keyId));

        using var again = new Kit(database, this);
        again.AssertRefused(again.Key(keyId), keyId);
    }

    private async Task RefusesHistoryWithGap(TestDatabase database)
    {
        var keyId = KeyIds.New();
        using (var kit = new Kit(database, this))
        {
            var key = kit.Key(keyId);
            kit.CreateKey(key, keyId);
            kit.Send<KeyReplies.Metadata>(key, new KeyCommands.DisableKey(keyId));
            kit.Send<KeyReplies.Metadata>(key, new KeyCommands.UpdateKeyDescription(keyId, "after the disable"));
        }

        // Every remaining row keeps a valid MAC; without the disable (row 2) the key would come back enabled.
        await database.Execute($"DELETE FROM {database.Journal} WHERE persistence_id = @pid AND sequence_number = 2", ("@pid", "key-" + keyId));

        using var again = new Kit(database, this);
        again.AssertRefused(again.Key(keyId), keyId);
    }

    private async Task RefusesEditedSnapshot(TestDatabase database)
    {
        var keyId = KeyIds.New();
        using (var kit = new Kit(database, this))
        {
            var key = kit.Key(keyId);
            kit.CreateKey(key, keyId);
            kit.Send<KeyReplies.Metadata>(key, new KeyCommands.DisableKey(keyId));
            // Stopped as sharding stops it: the key saves a snapshot first.
            kit.StopWith(key, KeyEntityActor.Stop.Instance);
        }

        var row = JsonNode.Parse(await database.ReadSnapshot("key-" + keyId))!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String((string)row["Payload"]!));
        Assert.Contains("\"Disabled\"", payload);
        row["Payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace("\"Disabled\"", "\"Enabled\"")));
        await database.Execute($"UPDATE {database.Snapshots} SET snapshot = @snapshot WHERE persistence_id = @pid",
            ("@snapshot", Encoding.UTF8.GetBytes(row.ToJsonString())), ("@pid", "key-" + keyId));

        using var again = new Kit(database, this);
        again.AssertRefused(again.Key(keyId), keyId);
    }

    private async Task RefusesRepointedAlias(TestDatabase database)
    {
        var (victim, attacker) = (KeyIds.New(), KeyIds.New());
        const string alias = "alias/payments";
        using (var kit = new Kit(database, this))
        {
            var actor = kit.Alias(alias);
            Assert.Equal(victim, kit.Send<AliasReplies.Alias>(actor, new AliasCommands.CreateAlias(alias, victim)).State.TargetKeyId);
        }

        var row = JsonNode.Parse(await database.ReadEvent("alias-" + alias, 1))!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String((string)row["Payload"]!));
        row["Payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace(victim, attacker)));
        await database.WriteEvent("alias-" + alias, 1, Encoding.UTF8.GetBytes(row.ToJsonString()));

        using var again = new Kit(database, this);
        var failed = again.Send<KeyReplies.Failed>(again.Alias(alias), new AliasCommands.ResolveAlias(alias));
        Assert.Equal(KmsErrorCode.Internal, failed.Error.Code);
    }

    private async Task MigratesOldJournal(TestDatabase database)
    {
        var (disabled, snapshotted) = (KeyIds.New(), KeyIds.New());
        // The journal and snapshot store of the version before journal MACs: the plugin's own, which write bare payloads.
        using (var old = new Kit(database, this, journalClass: typeof(Akka.Persistence.Sql.Journal.SqlWriteJournal),
                   snapshotStoreClass: typeof(Akka.Persistence.Sql.Snapshot.SqlSnapshotStore)))
        {
            var key = old.Key(disabled);
            old.CreateKey(key, disabled);
            old.Send<KeyReplies.Metadata>(key, new KeyCommands.DisableKey(disabled));
            var other = old.Key(snapshotted);
            old.CreateKey(other, snapshotted);
            old.StopWith(other, KeyEntityActor.Stop.Instance);
        }

        using (var kit = new Kit(database, this))
        {
            var migration = JournalMacMigration.For(kit.Sys);
            Assert.True(await migration.IsNeeded(default));
            kit.AssertRefused(kit.Key(disabled), disabled);

            var result = await migration.Run(default);
            Assert.Equal(3, result.EventsSealed);
            Assert.Equal(1, result.SnapshotsSealed);
            Assert.Empty(result.Refused);
            Assert.False(await migration.IsNeeded(default));
            Assert.Equal(0, (await migration.Run(default)).EventsSealed);
        }

        using var migrated = new Kit(database, this);
        Assert.False(migrated.Send<KeyReplies.Metadata>(migrated.Key(disabled), new KeyCommands.DescribeKey(disabled)).Key.Enabled);
        var encrypted = migrated.Send<KeyReplies.Encrypted>(migrated.Key(snapshotted), new KeyCommands.Encrypt(snapshotted, [1, 2, 3], null));
        Assert.NotEmpty(encrypted.CiphertextBlob);
    }

    /// <summary>
    /// A migrated journal into which someone with database access put bare rows (a forged KeyEnabled after the key's
    /// KeyDisabled, and the oldest row stripped so that the start-up check asks for the migration): the migration
    /// refuses, lists the bare rows and changes nothing; the key stays refused.
    /// </summary>
    private async Task RefusesMixedJournal(TestDatabase database)
    {
        var (first, disabled) = (KeyIds.New(), KeyIds.New());
        using (var old = new Kit(database, this, journalClass: typeof(Akka.Persistence.Sql.Journal.SqlWriteJournal),
                   snapshotStoreClass: typeof(Akka.Persistence.Sql.Snapshot.SqlSnapshotStore)))
        {
            old.CreateKey(old.Key(first), first);
            var key = old.Key(disabled);
            old.CreateKey(key, disabled);
            old.Send<KeyReplies.Metadata>(key, new KeyCommands.DisableKey(disabled));
        }
        using (var kit = new Kit(database, this))
        {
            var migration = JournalMacMigration.For(kit.Sys);
            Assert.Equal(JournalState.PreMac, await migration.State(default));
            Assert.Equal(3, (await migration.Run(default)).EventsSealed);
            Assert.Equal(JournalState.Sealed, await migration.State(default));
            Assert.False(kit.Send<KeyReplies.Metadata>(kit.Key(disabled), new KeyCommands.DescribeKey(disabled)).Key.Enabled);
        }

        await database.Unseal("key-" + first, 1);
        await database.Execute($"INSERT INTO {database.Journal} (persistence_id, sequence_number, deleted, created, manifest, message, identifier, writer_uuid) " +
                               $"SELECT persistence_id, 3, deleted, created, 'key-enabled.v1', @message, identifier, writer_uuid " +
                               $"FROM {database.Journal} WHERE persistence_id = @pid AND sequence_number = 2",
            ("@message", Encoding.UTF8.GetBytes($$"""{"KeyId":"{{disabled}}"}""")), ("@pid", "key-" + disabled));
        var before = await database.Dump();

        using (var kit = new Kit(database, this))
        {
            var migration = JournalMacMigration.For(kit.Sys);
            Assert.Equal(JournalState.Mixed, await migration.State(default));
            Assert.False(await migration.IsNeeded(default));
            var result = await migration.Run(default);
            Assert.True(result.Tampered);
            Assert.Equal((0, 0), (result.EventsSealed, result.SnapshotsSealed));
            Assert.Contains(result.Refused, row => row.StartsWith($"event 1 of key-{first} "));
            Assert.Contains(result.Refused, row => row.StartsWith($"event 3 of key-{disabled} "));
            Assert.Equal(2, result.Refused.Count);
            Assert.Equal(before, await database.Dump());
            kit.AssertRefused(kit.Key(disabled), disabled);
        }
    }

    /// <summary>migrate-to-hsm's re-seal seals again only rows that verify under a configured key: a bare row is reported and stays bare.</summary>
    private async Task ResealLeavesBareRows(TestDatabase database)
    {
        var keyId = KeyIds.New();
        using (var kit = new Kit(database, this))
        {
            var key = kit.Key(keyId);
            kit.CreateKey(key, keyId);
            kit.Send<KeyReplies.Metadata>(key, new KeyCommands.DisableKey(keyId));
        }
        await database.Unseal("key-" + keyId, 2);
        var before = await database.Dump();

        using var again = new Kit(database, this);
        var result = await JournalMacMigration.For(again.Sys).Reseal(default);
        Assert.Equal(0, result.EventsSealed);
        Assert.Equal([$"event 2 of key-{keyId} (no journal MAC)"], result.Refused);
        Assert.Equal(before, await database.Dump());
        again.AssertRefused(again.Key(keyId), keyId);
    }

    /// <summary>
    /// Rows that claim to be sealed but are not well-formed (not JSON, a field missing): the catalog's read and the key's
    /// recovery reject them one by one instead of failing, and the migration reports them and goes on.
    /// </summary>
    private async Task RejectsMalformedRows(TestDatabase database)
    {
        var (garbled, nulls, fine) = (KeyIds.New(), KeyIds.New(), KeyIds.New());
        using (var kit = new Kit(database, this))
        {
            foreach (var keyId in new[] { garbled, fine }) kit.CreateKey(kit.Key(keyId), keyId);
            var snapshotted = kit.Key(nulls);
            kit.CreateKey(snapshotted, nulls);
            kit.StopWith(snapshotted, KeyEntityActor.Stop.Instance);
        }
        await database.WriteEvent("key-" + garbled, 1, "not json"u8.ToArray());
        await database.WriteEvent("key-" + nulls, 1, Encoding.UTF8.GetBytes("""{"SerializerId": 4711}"""));
        await database.Execute($"UPDATE {database.Snapshots} SET snapshot = @snapshot WHERE persistence_id = @pid",
            ("@snapshot", Encoding.UTF8.GetBytes("""{"SerializerId": 4711, "Manifest": null}""")), ("@pid", "key-" + nulls));

        using var again = new Kit(database, this);
        var reads = TaggedEventReads.For(again.Sys, "akka.persistence.query.journal.sql")!;
        var events = await reads.Read(KeyCatalogActor.KeyTag, 0, long.MaxValue, 10);
        Assert.Equal([garbled, nulls], events.Select(e => e.Event).OfType<JournalRowRejected>().Select(r => r.PersistenceId[4..]));
        Assert.Equal(fine, Assert.Single(events.Select(e => e.Event).OfType<KeyEvents.KeyCreated>()).KeyId);
        again.AssertRefused(again.Key(nulls), nulls);

        var result = await JournalMacMigration.For(again.Sys).Run(default);
        Assert.False(result.Tampered);
        Assert.Contains($"event 1 of key-{garbled} (not a well-formed sealed payload)", result.Refused);
        Assert.Contains($"event 1 of key-{nulls} (not a well-formed sealed payload)", result.Refused);
        Assert.Contains(result.Refused, row => row.StartsWith($"snapshot ") && row.Contains($"of key-{nulls} (not a well-formed"));
    }

    /// <summary>A snapshot row naming a serializer other than Kms's is refused before that serializer reads its bytes.</summary>
    private async Task RefusesForeignSerializerSnapshot(TestDatabase database)
    {
        var keyId = KeyIds.New();
        using (var kit = new Kit(database, this))
        {
            var key = kit.Key(keyId);
            kit.CreateKey(key, keyId);
            kit.StopWith(key, KeyEntityActor.Stop.Instance);
        }
        // Serializer 1 is Akka's Newtonsoft JSON serializer, which would try to read these bytes.
        await database.Execute($"UPDATE {database.Snapshots} SET snapshot = @snapshot, serializer_id = 1, manifest = '' WHERE persistence_id = @pid",
            ("@snapshot", "{\"$type\": \"System.Nonexistent, Nowhere\"}"u8.ToArray()), ("@pid", "key-" + keyId));

        using var again = new Kit(database, this);
        again.AssertRefused(again.Key(keyId), keyId);
    }

    private TestDatabase SqliteDatabase() => new("SQLite.MS", _stores.SqliteFile("kms-journal-mac-"), Schema: null);

    private async Task<TestDatabase> PostgresDatabase()
    {
        var (connectionString, schema) = await _stores.PostgresSchema("journalmac_");
        return new TestDatabase("PostgreSQL.15", connectionString, schema);
    }

    private sealed record TestDatabase(string Provider, string ConnectionString, string? Schema)
    {
        public string Journal => Schema is null ? "journal" : $"{Schema}.journal";

        public string Snapshots => Schema is null ? "snapshot" : $"{Schema}.snapshot";

        public async Task<string> ReadEvent(string persistenceId, long sequenceNr) => Encoding.UTF8.GetString(await Scalar(
            $"SELECT message FROM {Journal} WHERE persistence_id = @pid AND sequence_number = @seq", ("@pid", persistenceId), ("@seq", sequenceNr)));

        public Task WriteEvent(string persistenceId, long sequenceNr, byte[] message) => Execute(
            $"UPDATE {Journal} SET message = @message WHERE persistence_id = @pid AND sequence_number = @seq",
            ("@message", message), ("@pid", persistenceId), ("@seq", sequenceNr));

        /// <summary>Turns a sealed event back into the bare row a journal without MACs would hold.</summary>
        public async Task Unseal(string persistenceId, long sequenceNr)
        {
            var row = JsonNode.Parse(await ReadEvent(persistenceId, sequenceNr))!;
            await Execute($"UPDATE {Journal} SET message = @message, identifier = @id, manifest = @manifest WHERE persistence_id = @pid AND sequence_number = @seq",
                ("@message", Convert.FromBase64String((string)row["Payload"]!)), ("@id", (int)row["SerializerId"]!), ("@manifest", (string)row["Manifest"]!),
                ("@pid", persistenceId), ("@seq", sequenceNr));
        }

        /// <summary>Every event and snapshot row, to compare before and after.</summary>
        public async Task<string> Dump()
        {
            await using var connection = await Open();
            var text = new StringBuilder();
            foreach (var sql in new[]
                     {
                         $"SELECT persistence_id, sequence_number, identifier, manifest, message FROM {Journal} ORDER BY ordering",
                         $"SELECT persistence_id, sequence_number, serializer_id, manifest, snapshot FROM {Snapshots} ORDER BY persistence_id, sequence_number",
                     })
            {
                await using var command = Command(connection, sql, []);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    text.AppendLine($"{reader.GetString(0)} {reader.GetInt64(1)} {reader.GetValue(2)} {reader.GetValue(3)} {Convert.ToBase64String(reader.GetFieldValue<byte[]>(4))}");
            }
            return text.ToString();
        }

        public async Task<string> ReadSnapshot(string persistenceId) => Encoding.UTF8.GetString(await Scalar(
            $"SELECT snapshot FROM {Snapshots} WHERE persistence_id = @pid", ("@pid", persistenceId)));

        public async Task Execute(string sql, params (string Name, object Value)[] parameters)
        {
            await using var connection = await Open();
            await using var command = Command(connection, sql, parameters);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        private async Task<byte[]> Scalar(string sql, params (string Name, object Value)[] parameters)
        {
            await using var connection = await Open();
            await using var command = Command(connection, sql, parameters);
            return (byte[])(await command.ExecuteScalarAsync())!;
        }

        private async Task<DbConnection> Open()
        {
            DbConnection connection = Schema is null ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            return connection;
        }

        private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            return command;
        }

        public Config Config(Type journalClass, Type snapshotStoreClass)
        {
            var common = $$"""
                connection-string = "{{ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"")}}"
                provider-name = "{{Provider}}"
                table-mapping = default
                {{(Schema is null ? "" : $"default.schema-name = {Schema}")}}
                """;
            return ConfigurationFactory.ParseString($$"""
                akka.loglevel = INFO
                {{MasterKeyActor.DispatcherId}} { type = PinnedDispatcher }
                {{KeyMailbox.Hocon}}
                akka.persistence.journal.plugin = "akka.persistence.journal.sql"
                akka.persistence.journal.sql {
                  class = "{{journalClass.AssemblyQualifiedNameWithoutVersion()}}"
                  {{common}}
                  auto-initialize = true
                  tag-write-mode = TagTable
                  event-adapters { tagger = "{{typeof(KmsEventTagger).AssemblyQualifiedNameWithoutVersion()}}" }
                  event-adapter-bindings {
                    "{{typeof(IKeyEvent).AssemblyQualifiedNameWithoutVersion()}}" = tagger
                    "{{typeof(IAliasEvent).AssemblyQualifiedNameWithoutVersion()}}" = tagger
                  }
                }
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
                akka.persistence.snapshot-store.sql {
                  class = "{{snapshotStoreClass.AssemblyQualifiedNameWithoutVersion()}}"
                  {{common}}
                  auto-initialize = true
                }
                akka.persistence.query.journal.sql {
                  {{common}}
                  write-plugin = "akka.persistence.journal.sql"
                  tag-read-mode = TagTable
                }
                """).WithFallback(SqlPersistence.DefaultConfiguration).WithFallback(SqlPersistence.DefaultQueryConfiguration);
        }
    }

    /// <summary>A system on the test database with the Kms journal (or another), one master key per test, and the key and alias actors.</summary>
    private sealed class Kit : TestKit
    {
        private readonly IActorRef _masterKey;

        public Kit(TestDatabase database, JournalIntegrityTests test, Type? journalClass = null, Type? snapshotStoreClass = null)
            : base(SealedJournal.Setup(database.Config(journalClass ?? typeof(KmsSqlWriteJournal), snapshotStoreClass ?? typeof(KmsSqlSnapshotStore)),
                new JournalIntegrity(new SoftwareMasterKeyProvider((byte[])test._masterKey.Clone()).DeriveJournalMacKey())))
        {
            _masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider((byte[])test._masterKey.Clone())));
        }

        public IActorRef Key(string keyId) => Sys.ActorOf(KeyEntityActor.Props(keyId, _masterKey, TimeProvider.System, Wait));

        public IActorRef Alias(string aliasName) => Sys.ActorOf(AliasEntityActor.Props(aliasName, TimeProvider.System));

        public void CreateKey(IActorRef key, string keyId) => Send<KeyReplies.Metadata>(key, new KeyCommands.CreateKey(keyId, "journal mac"));

        public T Send<T>(IActorRef actor, object command)
        {
            actor.Tell(command, TestActor);
            return ExpectMsg<T>(Wait);
        }

        public void StopWith(IActorRef actor, object stopMessage)
        {
            Watch(actor);
            actor.Tell(stopMessage);
            ExpectTerminated(actor, Wait);
        }

        /// <summary>Every command to the key fails as an internal error; nothing of its edited state shows.</summary>
        public void AssertRefused(IActorRef key, string keyId)
        {
            Assert.Equal(KmsErrorCode.Internal, Send<KeyReplies.Failed>(key, new KeyCommands.DescribeKey(keyId)).Error.Code);
            Assert.Equal(KmsErrorCode.Internal, Send<KeyReplies.Failed>(key, new KeyCommands.Encrypt(keyId, [1], null)).Error.Code);
        }
    }
}
