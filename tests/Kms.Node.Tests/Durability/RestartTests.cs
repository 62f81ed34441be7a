using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Durability;

public class RestartTests
{
    private static async Task<(string KeyId, string Blob, string DisabledKeyId)> Populate(GoKmsClient client)
    {
        var keyId = await client.CreateKey("survives restarts");
        var blob = await client.Encrypt(keyId, [1, 2, 3]);
        var disabled = await client.CreateKey("stays disabled");
        (await client.Post("disablekey", new { KeyID = disabled })).EnsureOk();
        return (keyId, blob, disabled);
    }

    private static async Task AssertIntact(GoKmsClient client, (string KeyId, string Blob, string DisabledKeyId) before)
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, await client.Decrypt(before.Blob));
        var listed = (await client.Post("listkeys", new { })).Json!["KeyMetadata"]!.AsArray();
        Assert.Contains(listed, k => (string)k!["KeyId"]! == before.KeyId && (bool)k["Enabled"]!);
        Assert.Contains(listed, k => (string)k!["KeyId"]! == before.DisabledKeyId && !(bool)k["Enabled"]!);
        Assert.Equal(new byte[] { 4 }, await client.Decrypt(await client.Encrypt(before.KeyId, [4])));
    }

    [Fact]
    public async Task A_graceful_restart_keeps_every_key_and_old_ciphertexts_decrypt()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        (string, string, string) before;
        await using (var node = await InProcessNode.Start(files))
        using (var client = node.Client())
        {
            before = await Populate(client);
        }

        await using var restarted = await InProcessNode.Start(files);
        using var again = restarted.Client();
        await AssertIntact(again, before);
    }

    [Fact]
    public async Task A_killed_process_loses_nothing_it_acknowledged()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var port = NodeFiles.FreePort();
        (string, string, string) before;
        var acknowledged = new List<(string KeyId, string Blob)>();
        await using (var node = await NodeProcess.Start(files, port))
        using (var client = node.Client())
        {
            before = await Populate(client);
            for (var i = 0; i < 10; i++)
            {
                var keyId = await client.CreateKey($"key {i}");
                acknowledged.Add((keyId, await client.Encrypt(keyId, [(byte)i])));
            }
            await node.Kill();
        }

        await using var restarted = await NodeProcess.Start(files, NodeFiles.FreePort());
        using var again = restarted.Client();
        await AssertIntact(again, before);
        for (var i = 0; i < acknowledged.Count; i++)
            Assert.Equal(new byte[] { (byte)i }, await again.Decrypt(acknowledged[i].Blob));
    }

    [Fact]
    public async Task SIGTERM_stops_the_node_cleanly_and_it_restarts_intact()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        (string, string, string) before;
        await using (var node = await NodeProcess.Start(files, NodeFiles.FreePort()))
        using (var client = node.Client())
        {
            before = await Populate(client);
            await node.Terminate();
            Assert.Equal(0, await node.WaitForExit(TimeSpan.FromSeconds(5)));
        }

        await using var restarted = await NodeProcess.Start(files, NodeFiles.FreePort());
        using var again = restarted.Client();
        await AssertIntact(again, before);
    }

    [Fact]
    public async Task A_wrong_passphrase_refuses_to_start_and_changes_nothing_on_disk()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        await using (var node = await InProcessNode.Start(files))
        using (var client = node.Client())
        {
            await Populate(client);
        }
        var snapshot = Directory.GetFiles(files.DataDirectory).ToDictionary(f => f, f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)));

        await using var wrong = NodeProcess.Launch(files, NodeFiles.FreePort(), passphrase: "this is not the passphrase");
        var exitCode = await wrong.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(3, exitCode);
        Assert.Contains("passphrase", wrong.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("this is not the passphrase", wrong.Output);
        Assert.Equal(snapshot.Keys.Order(), Directory.GetFiles(files.DataDirectory).Order());
        foreach (var (path, (bytes, written)) in snapshot)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        }
    }

    [Fact]
    public async Task Missing_settings_refuse_to_start_with_every_problem_named()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        await using var node = NodeProcess.Launch(files, NodeFiles.FreePort(), passphrase: "short");
        Assert.Equal(2, await node.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("GOKMS_KSMC_PASSPHRASE must be at least 10 characters", node.Output);
        Assert.False(Directory.Exists(files.DataDirectory) && Directory.EnumerateFileSystemEntries(files.DataDirectory).Any());
    }
}
