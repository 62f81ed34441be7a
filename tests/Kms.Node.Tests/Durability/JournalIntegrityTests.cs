using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Kms.Node.Tests.Durability;

/// <summary>The node, end to end, over a journal row edited in its SQLite file while it was stopped.</summary>
public class JournalIntegrityTests
{
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
