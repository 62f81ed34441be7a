using Kms.Node.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Tests.Durability;

/// <summary>A journal row written to outside Kms is reported by the catalog, but its persistence id cannot forge a log line.</summary>
public class RejectedRowLogTests
{
    [Fact]
    public async Task A_persistence_id_with_a_newline_is_logged_escaped_when_the_catalog_skips_its_row()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        string keyId;
        await using (var node = await InProcessNode.Start(files))
        using (var client = node.Client())
            keyId = await client.CreateKey("forged id");

        const string forged = "\nerror: forged line";
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var write = connection.CreateCommand();
            // Moving the row to another persistence id breaks its journal MAC: the catalog skips it and names the id.
            write.CommandText = "UPDATE journal SET persistence_id = @forged WHERE persistence_id = @pid AND sequence_number = 1";
            write.Parameters.AddWithValue("@forged", "key-" + keyId + forged);
            write.Parameters.AddWithValue("@pid", "key-" + keyId);
            Assert.Equal(1, await write.ExecuteNonQueryAsync());
        }

        var logs = new CapturingLoggerProvider();
        await using var restarted = await InProcessNode.Start(files, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var skipped = await Eventually.Until(
            () => Task.FromResult(logs.Lines.FirstOrDefault(l => l.Contains("The catalog skips event") && l.Contains(keyId))),
            line => line is not null, "the catalog reports the row it skips");
        Assert.Contains("key-" + keyId + @"\nerror: forged line", skipped);
        Assert.DoesNotContain('\n', skipped!);
    }
}
