using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Kms.Node.Tests.Durability;

/// <summary>The node, end to end, over a journal row edited in its SQLite file while it was stopped, and over a journal from before journal MACs.</summary>
public class JournalIntegrityTests
{
    [Fact]
    public async Task A_journal_from_before_journal_macs_stops_start_up_until_migrate_journal_mac_has_sealed_it()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        string disabled, enabled, blob;
        await using (var node = await InProcessNode.Start(files))
        using (var client = node.Client())
        {
            disabled = await client.CreateKey("disabled before the upgrade");
            (await client.Post("disablekey", new { KeyID = disabled })).EnsureOk();
            enabled = await client.CreateKey("enabled before the upgrade");
            blob = await client.Encrypt(enabled, [7, 7, 7]);
        }
        var unsealed = await Unseal(files);
        Assert.True(unsealed >= 4, $"only {unsealed} rows");

        await using (var refused = NodeProcess.Launch(files, NodeFiles.FreePort()))
        {
            Assert.Equal(4, await refused.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains("migrate-journal-mac", refused.Output);
        }
        await using (var migration = NodeProcess.Launch(files, NodeFiles.FreePort(), arguments: ["migrate-journal-mac"]))
        {
            Assert.Equal(0, await migration.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains($"Sealed {unsealed - Snapshots(files)} events and {Snapshots(files)} snapshots", migration.Output);
        }

        await using var upgraded = await NodeProcess.Start(files, NodeFiles.FreePort());
        using var again = upgraded.Client();
        var described = await again.Post("describekey", new { KeyId = disabled });
        described.EnsureOk();
        Assert.Equal("Disabled", (string?)described.Json!["KeyMetadata"]!["KeyState"]);
        var decrypted = await again.Post("decrypt", new { CiphertextBlob = blob });
        decrypted.EnsureOk();
        Assert.Equal([7, 7, 7], Convert.FromBase64String((string)decrypted.Json!["Plaintext"]!));
    }

    [Fact]
    public async Task A_sealed_journal_whose_oldest_row_was_stripped_of_its_mac_is_reported_as_tampered_and_never_migrated()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        await using (var node = await InProcessNode.Start(files))
        using (var client = node.Client())
        {
            await client.CreateKey("first");
            await client.CreateKey("second");
        }
        var database = Path.Combine(files.DataDirectory, "kms.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT message FROM journal ORDER BY ordering LIMIT 1";
            var envelope = JsonNode.Parse((byte[])(await read.ExecuteScalarAsync())!)!;
            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE journal SET message = @payload, manifest = @manifest WHERE ordering = (SELECT MIN(ordering) FROM journal)";
            write.Parameters.AddWithValue("@payload", Convert.FromBase64String((string)envelope["Payload"]!));
            write.Parameters.AddWithValue("@manifest", (string)envelope["Manifest"]!);
            Assert.Equal(1, await write.ExecuteNonQueryAsync());
        }

        await using (var refused = NodeProcess.Launch(files, NodeFiles.FreePort()))
        {
            Assert.Equal(5, await refused.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains("tampered/mixed", refused.Output);
        }
        await using (var migration = NodeProcess.Launch(files, NodeFiles.FreePort(), arguments: ["migrate-journal-mac"]))
        {
            Assert.Equal(5, await migration.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains("tampered", migration.Output);
            Assert.Contains("event 1 of key-", migration.Output);
        }
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM journal WHERE manifest <> 'sealed.v1'";
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
    }

    /// <summary>Turns every sealed row back into the bare payload the version before journal MACs wrote; returns how many.</summary>
    private static async Task<int> Unseal(NodeFiles files)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Pooling=False");
        await connection.OpenAsync();
        var count = 0;
        foreach (var (table, payloadColumn, serializerColumn, key) in new[]
                 {
                     ("journal", "message", "identifier", "ordering"),
                     ("snapshot", "snapshot", "serializer_id", "persistence_id || '/' || sequence_number"),
                 })
        {
            var rows = new List<(string Key, JsonNode Envelope)>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = $"SELECT {key}, {payloadColumn} FROM {table} WHERE manifest = 'sealed.v1'";
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync()) rows.Add((reader.GetValue(0).ToString()!, JsonNode.Parse((byte[])reader[1])!));
            }
            foreach (var (rowKey, envelope) in rows)
            {
                await using var write = connection.CreateCommand();
                write.CommandText = $"UPDATE {table} SET {payloadColumn} = @payload, manifest = @manifest, {serializerColumn} = @serializer WHERE {key} = @key";
                write.Parameters.AddWithValue("@payload", Convert.FromBase64String((string)envelope["Payload"]!));
                write.Parameters.AddWithValue("@manifest", (string)envelope["Manifest"]!);
                write.Parameters.AddWithValue("@serializer", (int)envelope["SerializerId"]!);
                write.Parameters.AddWithValue("@key", rowKey);
                Assert.Equal(1, await write.ExecuteNonQueryAsync());
                count++;
            }
        }
        return count;
    }

    private static int Snapshots(NodeFiles files)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM snapshot";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    [Fact]
    public async Task A_key_re_enabled_by_editing_the_journal_answers_an_internal_error_and_stays_unusable()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        string keyId;
        await using (var node = await InProcessNode.Start(files))
        using (var client = node.Client())
        {
            keyId = await client.CreateKey("victim");
            (await client.Post("disablekey", new { KeyID = keyId })).EnsureOk();
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT message FROM journal WHERE persistence_id = @pid AND sequence_number = 2";
            read.Parameters.AddWithValue("@pid", "key-" + keyId);
            var row = JsonNode.Parse((byte[])(await read.ExecuteScalarAsync())!)!;
            Assert.Equal("key-disabled.v1", (string?)row["Manifest"]);
            row["Manifest"] = "key-enabled.v1";
            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE journal SET message = @message WHERE persistence_id = @pid AND sequence_number = 2";
            write.Parameters.AddWithValue("@message", Encoding.UTF8.GetBytes(row.ToJsonString()));
            write.Parameters.AddWithValue("@pid", "key-" + keyId);
            Assert.Equal(1, await write.ExecuteNonQueryAsync());
            // The key saved a snapshot when the node stopped; without it, recovery replays the edited event.
            await using var dropSnapshot = connection.CreateCommand();
            dropSnapshot.CommandText = "DELETE FROM snapshot WHERE persistence_id = @pid";
            dropSnapshot.Parameters.AddWithValue("@pid", "key-" + keyId);
            await dropSnapshot.ExecuteNonQueryAsync();
        }

        await using var restarted = await InProcessNode.Start(files);
        using var again = restarted.Client();
        foreach (var (operation, body) in new (string, object)[]
                 {
                     ("describekey", new { KeyId = keyId }),
                     ("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String([1, 2, 3]) }),
                     ("describekey", new { KeyId = keyId }),
                 })
        {
            var response = await again.Post(operation, body);
            Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
            Assert.Equal("KMSInternalException", response.ErrorType);
        }
    }
}
