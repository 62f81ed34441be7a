using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Node.Tests.Api;

public class DeletionApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private static async Task<JsonObject> Describe(GoKmsClient client, string keyId)
    {
        var response = await client.Post("describekey", new { KeyId = keyId });
        response.EnsureOk();
        return response.Json!["KeyMetadata"]!.AsObject();
    }

    private static async Task<List<string>> ListedKeyIds(GoKmsClient client)
    {
        var response = await client.Post("listkeys", new { });
        response.EnsureOk();
        return response.Json!["KeyMetadata"]!.AsArray().Select(k => (string)k!["KeyId"]!).ToList();
    }

    private static async Task<List<string>> ListedAliasNames(GoKmsClient client)
    {
        var response = await client.Post("listaliases", new { Limit = 1000 });
        response.EnsureOk();
        return response.Json!["Aliases"]!.AsArray().Select(a => (string)a!["AliasName"]!).ToList();
    }

    [Fact]
    public async Task Schedulekeydeletion_defaults_to_a_30_day_window_and_answers_the_key_ARN_date_and_state()
    {
        var keyId = await _client.CreateKey();
        var before = DateTimeOffset.UtcNow;
        var response = await _client.Post("schedulekeydeletion", new { KeyId = keyId });
        response.EnsureOk();

        Assert.Equal(KmsArns.Key(keyId), (string)response.Json!["KeyId"]!);
        Assert.Equal("PendingDeletion", (string)response.Json!["KeyState"]!);
        Assert.Equal(30, (int)response.Json!["PendingWindowInDays"]!);
        var deletionDate = DateTimeOffset.Parse((string)response.Json!["DeletionDate"]!);
        Assert.EndsWith("Z", (string)response.Json!["DeletionDate"]!);
        Assert.InRange(deletionDate, before.AddDays(30).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(30).AddMinutes(1));

        var metadata = await Describe(_client, keyId);
        Assert.Equal("PendingDeletion", (string)metadata["KeyState"]!);
        Assert.False((bool)metadata["Enabled"]!);
        Assert.Equal(30, (int)metadata["PendingDeletionWindowInDays"]!);
        Assert.Equal(deletionDate, DateTimeOffset.Parse((string)metadata["DeletionDate"]!));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(30)]
    public async Task Schedulekeydeletion_accepts_a_window_of_7_to_30_days(int days)
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("schedulekeydeletion", new { KeyId = keyId, PendingWindowInDays = days });
        response.EnsureOk();
        Assert.Equal(days, (int)response.Json!["PendingWindowInDays"]!);
        var deletionDate = DateTimeOffset.Parse((string)response.Json!["DeletionDate"]!);
        Assert.InRange(deletionDate, DateTimeOffset.UtcNow.AddDays(days).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(days).AddMinutes(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(31)]
    [InlineData(-7)]
    public async Task Schedulekeydeletion_with_a_window_outside_7_to_30_days_is_a_ValidationException_and_changes_nothing(int days)
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("schedulekeydeletion", new { KeyId = keyId, PendingWindowInDays = days });
        response.AssertError(HttpStatusCode.BadRequest, "ValidationException");
        Assert.Equal("Enabled", (string)(await Describe(_client, keyId))["KeyState"]!);
    }

    [Fact]
    public async Task Schedulekeydeletion_of_a_missing_key_is_NotFound_and_twice_is_KMSInvalidStateException()
    {
        var missing = await _client.Post("schedulekeydeletion", new { KeyId = Guid.NewGuid().ToString() });
        Assert.Equal("NotFoundException", missing.ErrorType);

        var keyId = await _client.CreateKey();
        (await _client.Post("schedulekeydeletion", new { KeyId = keyId, PendingWindowInDays = 7 })).EnsureOk();
        var again = await _client.Post("schedulekeydeletion", new { KeyId = keyId, PendingWindowInDays = 20 });
        again.AssertError(HttpStatusCode.Conflict, "KMSInvalidStateException");
        Assert.Equal(7, (int)(await Describe(_client, keyId))["PendingDeletionWindowInDays"]!);
    }

    [Fact]
    public async Task A_key_pending_deletion_refuses_crypto_enable_disable_and_description_changes_with_KMSInvalidStateException()
    {
        var keyId = await _client.CreateKey();
        var blob = await _client.Encrypt(keyId, [1, 2, 3]);
        (await _client.Post("schedulekeydeletion", new { KeyId = keyId, PendingWindowInDays = 7 })).EnsureOk();

        var refused = new[]
        {
            await _client.Post("encrypt", new { KeyId = keyId, Plaintext = "AQ==" }),
            await _client.Post("decrypt", new { CiphertextBlob = blob }),
            await _client.Post("generatedatakey", new { KeyId = keyId }),
            await _client.Post("enablekey", new { KeyId = keyId }),
            await _client.Post("disablekey", new { KeyId = keyId }),
            await _client.Post("updatekeydescription", new { KeyId = keyId, Description = "too late" }),
        };
        Assert.All(refused, response => response.AssertError(HttpStatusCode.Conflict, "KMSInvalidStateException"));
        Assert.Equal("PendingDeletion", (string)(await Describe(_client, keyId))["KeyState"]!);
    }

    [Fact]
    public async Task Canceldeletion_brings_the_key_back_Disabled_and_its_ciphertexts_decrypt_once_enabled()
    {
        var keyId = await _client.CreateKey();
        var blob = await _client.Encrypt(keyId, [9, 8, 7]);
        (await _client.Post("schedulekeydeletion", new { KeyId = keyId })).EnsureOk();

        var cancelled = await _client.Post("cancelkeydeletion", new { KeyId = keyId });
        cancelled.EnsureOk();
        Assert.Equal(KmsArns.Key(keyId), (string)cancelled.Json!["KeyId"]!);

        var metadata = await Describe(_client, keyId);
        Assert.Equal("Disabled", (string)metadata["KeyState"]!);
        Assert.False((bool)metadata["Enabled"]!);
        Assert.False(metadata.ContainsKey("DeletionDate"));
        Assert.False(metadata.ContainsKey("PendingDeletionWindowInDays"));
        Assert.Equal("DisabledException", (await _client.Post("decrypt", new { CiphertextBlob = blob })).ErrorType);

        (await _client.Post("enablekey", new { KeyId = keyId })).EnsureOk();
        Assert.Equal(new byte[] { 9, 8, 7 }, await _client.Decrypt(blob));
    }

    [Fact]
    public async Task Canceldeletion_of_a_key_not_pending_deletion_is_KMSInvalidStateException()
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("cancelkeydeletion", new { KeyId = keyId });
        response.AssertError(HttpStatusCode.Conflict, "KMSInvalidStateException");
    }

    [Fact]
    public async Task Schedulekeydeletion_and_canceldeletion_accept_an_alias()
    {
        var keyId = await _client.CreateKey();
        var alias = "alias/doomed-" + Guid.NewGuid().ToString("N");
        (await _client.Post("createalias", new { AliasName = alias, TargetKeyId = keyId })).EnsureOk();
        (await _client.Post("schedulekeydeletion", new { KeyId = alias, PendingWindowInDays = 7 })).EnsureOk();
        Assert.Equal("PendingDeletion", (string)(await Describe(_client, keyId))["KeyState"]!);
        (await _client.Post("cancelkeydeletion", new { KeyId = KmsArns.Alias(alias) })).EnsureOk();
        Assert.Equal("Disabled", (string)(await Describe(_client, keyId))["KeyState"]!);
    }

    [Fact]
    public async Task A_key_pending_deletion_is_still_listed_with_its_state()
    {
        var keyId = await _client.CreateKey();
        (await _client.Post("schedulekeydeletion", new { KeyId = keyId })).EnsureOk();
        var response = await _client.Post("listkeys", new { });
        var listed = response.Json!["KeyMetadata"]!.AsArray().Single(k => (string)k!["KeyId"]! == keyId)!;
        Assert.Equal("PendingDeletion", (string)listed["KeyState"]!);
    }

    /// <summary>Every version's wrapped material, from the KeyCreated and KeyRotated events as the journal holds them.</summary>
    private static async Task<List<byte[]>> WrappedMaterialsOf(NodeFiles files, string keyId) =>
        WrappedMaterialsIn(await StoredRows.Of(files, "key-" + keyId));

    internal static List<byte[]> WrappedMaterialsIn(IEnumerable<StoredRow> rows)
    {
        var materials = new List<byte[]>();
        foreach (var row in rows)
        {
            if (row.Manifest is not ("key-created.v1" or "key-rotated.v1")) continue;
            using var json = JsonDocument.Parse(row.Message);
            materials.Add(json.RootElement.GetProperty("WrappedMaterial").GetBytesFromBase64());
        }
        return materials;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    internal static bool HoldsAny(StoredRow row, IEnumerable<byte[]> materials) =>
        materials.Any(m => Contains(row.Message, m) || Contains(row.Message, Encoding.ASCII.GetBytes(Convert.ToBase64String(m))));

    internal static void AssertShredded(IReadOnlyList<StoredRow> rows, IReadOnlyList<byte[]> materials)
    {
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.False(HoldsAny(r, materials), $"The {r.Table} row {r.SequenceNr} ({r.Manifest}) holds wrapped material."));
        Assert.All(rows, r => Assert.DoesNotContain("WrappedMaterial", Encoding.UTF8.GetString(r.Message)));
        Assert.DoesNotContain(rows, r => r.Table == "snapshot");
        Assert.Contains(rows, r => r.Manifest == "key-destroyed.v1");
    }

    [Fact]
    public async Task After_the_window_passes_the_key_is_destroyed_and_its_material_is_gone_from_the_journal()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var node = await InProcessNode.Start(files, clock: clock);
        await using var stopped = node;
        using var client = node.Client();

        var doomed = await client.CreateKey("doomed");
        var notYetDue = await client.CreateKey("a day later");
        var survivor = await client.CreateKey("survivor");
        var alias = $"alias/of-doomed-{Guid.NewGuid():N}";
        (await client.Post("createalias", new { AliasName = alias, TargetKeyId = doomed })).EnsureOk();
        var blob = await client.Encrypt(doomed, [1, 2, 3]);
        var dataKey = await client.Post("generatedatakey", new { KeyId = doomed });
        dataKey.EnsureOk();
        // Enough events for the key actor to have saved a snapshot, which holds the material too.
        for (var i = 0; i < 50; i++)
        {
            (await client.Post("disablekey", new { KeyId = doomed })).EnsureOk();
            (await client.Post("enablekey", new { KeyId = doomed })).EnsureOk();
        }
        var materials = await WrappedMaterialsOf(files, doomed);
        Assert.Single(materials);
        var snapshots = await Eventually.Until(
            () => StoredRows.Of(files, "key-" + doomed),
            rows => rows.Any(r => r.Table == "snapshot"),
            "the key actor saves a snapshot");
        Assert.Contains(snapshots, r => r.Table == "snapshot" && HoldsAny(r, materials));
        (await client.Post("schedulekeydeletion", new { KeyId = doomed, PendingWindowInDays = 7 })).EnsureOk();
        (await client.Post("schedulekeydeletion", new { KeyId = notYetDue, PendingWindowInDays = 8 })).EnsureOk();

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var gone = await Eventually.Until(
            () => client.Post("describekey", new { KeyId = doomed }),
            r => r.ErrorType == "NotFoundException",
            "describekey of the destroyed key is NotFound");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        // The pass that destroyed the due key saw this one too, and left it alone.
        Assert.Equal("PendingDeletion", (string)(await Describe(client, notYetDue))["KeyState"]!);
        Assert.Equal("Enabled", (string)(await Describe(client, survivor))["KeyState"]!);

        foreach (var ciphertext in new[] { blob, (string)dataKey.Json!["CiphertextBlob"]! })
        {
            var decrypt = await client.Post("decrypt", new { CiphertextBlob = ciphertext });
            decrypt.AssertError(HttpStatusCode.NotFound, "NotFoundException");
        }
        Assert.Equal("NotFoundException", (await client.Post("encrypt", new { KeyId = doomed, Plaintext = "AQ==" })).ErrorType);
        Assert.Equal("NotFoundException", (await client.Post("cancelkeydeletion", new { KeyId = doomed })).ErrorType);
        Assert.Equal("NotFoundException", (await client.Post("encrypt", new { KeyId = alias, Plaintext = "AQ==" })).ErrorType);
        Assert.DoesNotContain(alias, await ListedAliasNames(client));

        var listed = await Eventually.Until(() => ListedKeyIds(client), ids => !ids.Contains(doomed), "listkeys no longer shows the destroyed key");
        Assert.Contains(notYetDue, listed);
        Assert.Contains(survivor, listed);

        var rows = await Eventually.Until(
            () => StoredRows.Of(files, "key-" + doomed),
            rs => !rs.Any(r => HoldsAny(r, materials)),
            "no stored row of the destroyed key holds its wrapped material");
        AssertShredded(rows, materials);

        // What is left recovers as a destroyed key.
        await node.Stop();
        await using var restarted = await InProcessNode.Start(files, clock: clock);
        using var again = restarted.Client();
        Assert.Equal("NotFoundException", (await again.Post("describekey", new { KeyId = doomed })).ErrorType);
        Assert.Equal("NotFoundException", (await again.Post("decrypt", new { CiphertextBlob = blob })).ErrorType);
        Assert.DoesNotContain(doomed, await ListedKeyIds(again));
        Assert.DoesNotContain(alias, await ListedAliasNames(again));
        Assert.Equal("PendingDeletion", (string)(await Describe(again, notYetDue))["KeyState"]!);
        Assert.Equal(new byte[] { 4 }, await again.Decrypt(await again.Encrypt(survivor, [4])));
    }

    [Fact]
    public async Task The_alias_names_of_a_destroyed_key_can_be_used_again()
    {
        using var directory = new TestDirectory();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path), clock: clock);
        using var client = node.Client();
        var doomed = await client.CreateKey();
        var other = await client.CreateKey();
        var alias = $"alias/of-doomed-{Guid.NewGuid():N}";
        (await client.Post("createalias", new { AliasName = alias, TargetKeyId = doomed })).EnsureOk();
        (await client.Post("schedulekeydeletion", new { KeyId = doomed, PendingWindowInDays = 7 })).EnsureOk();

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await Eventually.Until(
            () => client.Post("describekey", new { KeyId = doomed }),
            r => r.ErrorType == "NotFoundException",
            "the key is destroyed");

        Assert.DoesNotContain(alias, await ListedAliasNames(client));
        var reused = await client.Post("createalias", new { AliasName = alias, TargetKeyId = other });
        reused.EnsureOk();
        Assert.Equal(other, (string)(await Describe(client, alias))["KeyId"]!);
    }

    [Fact]
    public async Task A_deletion_pending_across_a_restart_destroys_the_key_when_due_without_anyone_touching_it()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string doomed, blob;
        List<byte[]> materials;
        await using (var node = await InProcessNode.Start(files, clock: clock))
        using (var client = node.Client())
        {
            doomed = await client.CreateKey("doomed across a restart");
            blob = await client.Encrypt(doomed, [5]);
            (await client.Post("rotatekeyondemand", new { KeyId = doomed })).EnsureOk();
            (await client.Post("schedulekeydeletion", new { KeyId = doomed, PendingWindowInDays = 10 })).EnsureOk();
            materials = await WrappedMaterialsOf(files, doomed);
            Assert.Equal(2, materials.Count);
        }

        await using var restarted = await InProcessNode.Start(files, clock: clock);
        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));

        // Only the store is watched until the key is gone, so nothing but the node itself wakes the key.
        var rows = await Eventually.Until(
            () => StoredRows.Of(files, "key-" + doomed),
            rs => rs.Any(r => r.Manifest == "key-destroyed.v1") && !rs.Any(r => HoldsAny(r, materials)),
            "the restarted node destroys the key and shreds its history");
        AssertShredded(rows, materials);

        using var again = restarted.Client();
        Assert.Equal("NotFoundException", (await again.Post("describekey", new { KeyId = doomed })).ErrorType);
        Assert.Equal("NotFoundException", (await again.Post("decrypt", new { CiphertextBlob = blob })).ErrorType);
        await Eventually.Until(() => ListedKeyIds(again), ids => !ids.Contains(doomed), "listkeys no longer shows the destroyed key");
    }

    [Fact]
    public async Task No_file_in_the_data_directory_keeps_a_destroyed_keys_wrapped_material()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        List<byte[]> materials;
        await using (var node = await InProcessNode.Start(files, clock: clock))
        using (var client = node.Client())
        {
            var doomed = await client.CreateKey("doomed");
            materials = await WrappedMaterialsOf(files, doomed);
            (await client.Post("schedulekeydeletion", new { KeyId = doomed, PendingWindowInDays = 7 })).EnsureOk();
            clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
            await Eventually.Until(
                () => StoredRows.Of(files, "key-" + doomed),
                rows => rows.Any(r => r.Manifest == "key-destroyed.v1") && !rows.Any(r => HoldsAny(r, materials)),
                "the key is destroyed and its history shredded");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        foreach (var file in Directory.GetFiles(files.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(materials.Any(m => Contains(bytes, m) || Contains(bytes, Encoding.ASCII.GetBytes(Convert.ToBase64String(m)))),
                $"{Path.GetFileName(file)} still holds the destroyed key's wrapped material.");
        }
    }
}
