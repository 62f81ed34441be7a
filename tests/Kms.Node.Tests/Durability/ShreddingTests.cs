using Kms.Actors.Keys;
using Kms.Node.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// What a destroyed key leaves in the tables, read directly: on SQLite and on PostgreSQL nothing but its
/// destruction and the record that its history is deleted (issue 23, items 7 to 9).
/// </summary>
public class ShreddingTests
{
    private static readonly string[] WhatRemains = ["key-destroyed.v1", "key-history-deleted.v1"];

    private static Dictionary<string, string?> QuickPassivation => new() { ["Kms:Keys:PassivateIdleAfter"] = "00:00:01" };

    /// <summary>A key with a snapshot and several events, scheduled for deletion in 7 days.</summary>
    private static async Task<string> DoomedKey(GoKmsClient client, Func<string, Task<KeyRows>> rows)
    {
        var keyId = await client.CreateKey("doomed");
        await client.Encrypt(keyId, [1]);
        (await client.Post("rotatekeyondemand", new { KeyId = keyId })).EnsureOk();
        (await client.Post("tagresource", new { KeyId = keyId, Tags = new[] { new { TagKey = "team", TagValue = "a" } } })).EnsureOk();
        // The key passivates after one idle second and saves a snapshot as it stops.
        await Eventually.Until(() => rows(keyId), r => r.Snapshots > 0, "the idle key saves a snapshot");
        (await client.Post("schedulekeydeletion", new { KeyId = keyId, PendingWindowInDays = 7 })).EnsureOk();
        return keyId;
    }

    private static bool OnlyTheDestructionRemains(KeyRows rows) =>
        rows.Journal.Select(r => r.Manifest).SequenceEqual(WhatRemains) && rows.Snapshots == 0;

    private static void AssertOnlyTheDestructionRemains(KeyRows rows)
    {
        Assert.Equal(WhatRemains, rows.Journal.Select(r => r.Manifest));
        Assert.DoesNotContain(rows.Journal, r => r.Deleted);
        Assert.Equal(WhatRemains.Length, rows.Tags);
        Assert.Equal(0, rows.Snapshots);
    }

    private static async Task DestroyAndCheck(NodeFiles files, Dictionary<string, string?> settings, Func<string, Task<KeyRows>> rows)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await InProcessNode.Start(files, settings, clock);
        using var client = node.Client();
        var doomed = await DoomedKey(client, rows);
        var survivor = await client.CreateKey("survivor");

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        // The catalog wakes the key within a refresh or two; the timeout allows for a loaded machine and PostgreSQL's frontier.
        var left = await Eventually.Until(() => rows(doomed), OnlyTheDestructionRemains, "only the destroyed key's destruction is left", TimeSpan.FromSeconds(60));
        AssertOnlyTheDestructionRemains(left);
        Assert.Equal("NotFoundException", (await client.Post("describekey", new { KeyId = doomed })).ErrorType);
        Assert.Contains((await rows(survivor)).Journal, r => r.Manifest == "key-created.v1");
    }

    [Fact]
    public async Task On_SQLite_a_destroyed_key_leaves_only_its_destruction_in_the_tables()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        await DestroyAndCheck(files, QuickPassivation, keyId => KeyRows.InSqlite(files, KeyEntityActor.PersistenceIdFor(keyId)));
    }

    [PostgresFact]
    public async Task On_PostgreSQL_a_destroyed_key_leaves_only_its_destruction_in_the_tables()
    {
        using var directory = new TestDirectory();
        await using var database = await ThrowawayDatabase.Create();
        var settings = QuickPassivation;
        settings["Kms:Persistence:Provider"] = "postgres";
        settings["Kms:Persistence:ConnectionString"] = database.ConnectionString;
        await DestroyAndCheck(new NodeFiles(directory.Path), settings,
            keyId => KeyRows.InPostgres(database.ConnectionString, KeyEntityActor.PersistenceIdFor(keyId)));
    }

    [Fact]
    public async Task A_shred_that_failed_is_finished_after_a_restart_without_anyone_touching_the_key()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Task<KeyRows> Rows(string keyId) => KeyRows.InSqlite(files, KeyEntityActor.PersistenceIdFor(keyId));
        string doomed;
        await using (var node = await InProcessNode.Start(files, QuickPassivation, clock))
        using (var client = node.Client())
        {
            doomed = await DoomedKey(client, Rows);
        }

        // The database refuses to delete journal rows: the key is destroyed, but its history stays.
        await Sql(files, "CREATE TRIGGER refuse_deletion BEFORE UPDATE OF deleted ON journal BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await using (var node = await InProcessNode.Start(files, QuickPassivation, clock))
        {
            var refused = await Eventually.Until(() => Rows(doomed), r => r.Journal.Any(e => e.Manifest == "key-destroyed.v1"), "the key is destroyed");
            Assert.Contains(refused.Journal, r => r.Manifest == "key-created.v1");
        }
        await Sql(files, "DROP TRIGGER refuse_deletion;");

        // Nothing asks for the key: the restarted node's catalog wakes it until its history is gone.
        await using var restarted = await InProcessNode.Start(files, QuickPassivation, clock);
        var left = await Eventually.Until(() => Rows(doomed), OnlyTheDestructionRemains, "the restarted node finishes the shred", TimeSpan.FromSeconds(60));
        AssertOnlyTheDestructionRemains(left);
    }

    private static async Task Sql(NodeFiles files, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class ThrowawayDatabase : IAsyncDisposable
    {
        private readonly string _name = "kms_shred_" + Guid.NewGuid().ToString("N")[..12];

        public string ConnectionString => new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("KMS_TEST_PG")) { Database = _name, Pooling = false }.ConnectionString;

        public static async Task<ThrowawayDatabase> Create()
        {
            var database = new ThrowawayDatabase();
            await database.Run($"CREATE DATABASE {database._name}");
            return database;
        }

        private async Task Run(string sql)
        {
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("KMS_TEST_PG"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await Run($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
    }
}
