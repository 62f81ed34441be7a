using System.Diagnostics;
using System.Net;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// A one-node SQLite journal whose disk fills up: changes fail at once with a typed, retryable error while
/// reads and crypto go on, and changes are accepted again as soon as space is freed, without a restart.
/// </summary>
[Collection("database outages")]
public class FullDiskTests
{
    [SmallDiskFact]
    public async Task On_a_full_disk_changes_fail_at_once_crypto_goes_on_and_changes_resume_when_space_is_freed()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        using var disk = SmallDisk.Mount(files.DataDirectory, "24m");
        await using var node = await InProcessNode.Start(files);
        using var kms = node.Client();
        var acknowledged = new List<string> { await kms.CreateKey("made before the disk filled") };
        var blob = await kms.Encrypt(acknowledged[0], [1, 2, 3]);

        disk.Fill();
        // The write-ahead log may still reuse space it holds: keep creating until a change needs more.
        GoKmsClient.Response? refused = null;
        for (var i = 0; i < 500 && refused is null; i++)
        {
            var watch = Stopwatch.StartNew();
            var created = await kms.Post("createkey", new { Description = "on a full disk" });
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"CreateKey took {watch.Elapsed.TotalSeconds:0.0} s on a full disk.");
            if (created.Status == HttpStatusCode.OK) acknowledged.Add((string)created.Json!["KeyMetadata"]!["KeyId"]!);
            else refused = created;
        }
        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("KeyUnavailableException", refused.ErrorType);

        Assert.Equal([1, 2, 3], await kms.Decrypt(blob));
        Assert.Equal([4], await kms.Decrypt(await kms.Encrypt(acknowledged[0], [4])));
        (await kms.Post("describekey", new { KeyId = acknowledged[0] })).EnsureOk();

        disk.Free();
        var resumed = await Eventually.Until(() => kms.Post("createkey", new { Description = "after freeing space" }),
            r => r.Status == HttpStatusCode.OK, "CreateKey succeeds once space is freed", TimeSpan.FromSeconds(10));
        acknowledged.Add((string)resumed.Json!["KeyMetadata"]!["KeyId"]!);
        foreach (var keyId in acknowledged) (await kms.Post("describekey", new { KeyId = keyId })).EnsureOk();
    }
}
