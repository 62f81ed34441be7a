using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Node.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// Made the committed journal fixture (<see cref="JournalFixture"/>) with the node of its day: keys in every state,
/// rotated, tagged, aliased, one destroyed, and the ciphertexts and MACs made with them. The guards never call it.
/// </summary>
public sealed class JournalFixtureGenerator
{
    /// <summary>The DescribeKey fields that come from a key's events (not from settings such as the ARN's region).</summary>
    private static readonly string[] EventFields =
        ["KeyId", "Description", "KeyState", "Enabled", "KeyUsage", "KeySpec", "CreationDate", "DeletionDate", "PendingDeletionWindowInDays"];

    private readonly List<JournalFixtureFacts.Ciphertext> _ciphertexts = [];

    [GeneratorFact]
    public async Task Generator_writes_the_journal_fixture()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path, JournalFixture.Passphrase);
        var clock = new FakeTimeProvider(JournalFixture.WrittenAt.AddDays(-8));
        var keys = new List<(string Role, string KeyId, string Recovery)>();
        JournalFixtureFacts.Facts facts;
        await using (var node = await InProcessNode.Start(files, clock: clock))
        using (var client = node.Client())
        {
            var destroyed = await client.CreateKey("destroyed after its waiting period");
            var destroyedBlob = await client.Encrypt(destroyed, Encoding.UTF8.GetBytes("gone with its key"));
            await Ok(client, "createalias", new { AliasName = "alias/fixture-of-destroyed", TargetKeyId = destroyed });
            await Ok(client, "schedulekeydeletion", new { KeyId = destroyed, PendingWindowInDays = 7 });
            clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
            await Eventually.Until(() => client.Post("describekey", new { KeyId = destroyed }), r => r.ErrorType == "NotFoundException", "the key is destroyed");

            var rotated = await CreateKey(client, new
            {
                Description = "rotated twice",
                Tags = new[] { new { TagKey = "team", TagValue = "payments" }, new { TagKey = "env", TagValue = "prod" } },
            });
            keys.Add(("enabled, three versions, tags, alias, automatic rotation; latest snapshot only", rotated, "snapshot"));
            await Record(client, "version 1, no encryption context", rotated, Encoding.UTF8.GetBytes("made under the first version"), null);
            await Record(client, "version 1, encryption context", rotated, Encoding.UTF8.GetBytes("bound to its context"), new() { ["tenant"] = "acme", ["purpose"] = "fixture" });
            clock.Advance(TimeSpan.FromMinutes(1));
            await Ok(client, "rotatekeyondemand", new { KeyId = rotated });
            await Record(client, "version 2, encryption context", rotated, Encoding.UTF8.GetBytes("second version"), new() { ["a"] = "bc" });
            clock.Advance(TimeSpan.FromMinutes(1));
            await Ok(client, "rotatekeyondemand", new { KeyId = rotated });
            var large = new byte[4096];
            for (var i = 0; i < large.Length; i++) large[i] = (byte)(i * 13 + 5);
            await Record(client, "version 3, no encryption context, 4096 bytes", rotated, large, null);
            await Record(client, "version 3, encryption context with non-ASCII", rotated, Encoding.UTF8.GetBytes("ordinal order"), new() { ["b"] = "1", ["B"] = "2", ["ä"] = "ü €" });
            var dataKey = await Ok(client, "generatedatakey", new { KeyId = rotated, KeySpec = "AES_256", EncryptionContext = new Dictionary<string, string> { ["file"] = "fixture.bin" } });
            _ciphertexts.Add(new("data key, version 3", rotated, 3, new Dictionary<string, string> { ["file"] = "fixture.bin" },
                (string)dataKey["Plaintext"]!, (string)dataKey["CiphertextBlob"]!));
            await Ok(client, "updatekeydescription", new { KeyId = rotated, Description = "rotated twice, described twice" });
            await Ok(client, "untagresource", new { KeyId = rotated, TagKeys = new[] { "env" } });
            await Ok(client, "tagresource", new { KeyId = rotated, Tags = new[] { new { TagKey = "owner", TagValue = "fixture" } } });
            await Ok(client, "enablekeyrotation", new { KeyId = rotated, RotationPeriodInDays = 180 });
            await Ok(client, "createalias", new { AliasName = "alias/fixture-rotated", TargetKeyId = rotated });
            await Ok(client, "createalias", new { AliasName = "alias/fixture-deleted", TargetKeyId = rotated });
            await Ok(client, "deletealias", new { AliasName = "alias/fixture-deleted" });

            // The same kinds of events again, on a key that keeps no snapshot, so that recovery replays each of them.
            var replayed = await CreateKey(client, new { Description = "rotated once", Tags = new[] { new { TagKey = "env", TagValue = "test" } } });
            keys.Add(("enabled, two versions, tags, automatic rotation; events only", replayed, "events"));
            await Record(client, "replayed key, version 1", replayed, Encoding.UTF8.GetBytes("replayed, first version"), null);
            clock.Advance(TimeSpan.FromMinutes(1));
            await Ok(client, "rotatekeyondemand", new { KeyId = replayed });
            await Record(client, "replayed key, version 2, encryption context", replayed, Encoding.UTF8.GetBytes("replayed, second version"), new() { ["k"] = "v" });
            await Ok(client, "updatekeydescription", new { KeyId = replayed, Description = "rotated once, described twice" });
            await Ok(client, "tagresource", new { KeyId = replayed, Tags = new[] { new { TagKey = "owner", TagValue = "fixture" }, new { TagKey = "cost", TagValue = "42" } } });
            await Ok(client, "untagresource", new { KeyId = replayed, TagKeys = new[] { "env" } });
            await Ok(client, "enablekeyrotation", new { KeyId = replayed, RotationPeriodInDays = 365 });

            var disabled = await client.CreateKey("disabled after fifty rounds of disable and enable");
            keys.Add(("disabled; snapshot at event 100, then events", disabled, "snapshot-then-events"));
            await Record(client, "disabled key", disabled, Encoding.UTF8.GetBytes("under a key now disabled"), null);
            for (var i = 0; i < 50; i++)
            {
                await Ok(client, "disablekey", new { KeyId = disabled });
                await Ok(client, "enablekey", new { KeyId = disabled });
            }
            await Ok(client, "disablekey", new { KeyId = disabled });

            var pending = await client.CreateKey("pending deletion");
            keys.Add(("pending deletion; events only", pending, "events"));
            await Record(client, "key pending deletion", pending, Encoding.UTF8.GetBytes("under a key pending deletion"), new() { ["state"] = "pending" });
            await Ok(client, "schedulekeydeletion", new { KeyId = pending, PendingWindowInDays = 30 });

            var cancelled = await client.CreateKey("deletion scheduled, then cancelled");
            keys.Add(("deletion cancelled, so disabled; events only", cancelled, "events"));
            await Record(client, "key whose deletion was cancelled", cancelled, Encoding.UTF8.GetBytes("saved from deletion"), null);
            await Ok(client, "schedulekeydeletion", new { KeyId = cancelled, PendingWindowInDays = 10 });
            await Ok(client, "cancelkeydeletion", new { KeyId = cancelled });

            var rotationOff = await client.CreateKey("automatic rotation on, then off");
            keys.Add(("enabled, automatic rotation turned off; events only", rotationOff, "events"));
            await Ok(client, "enablekeyrotation", new { KeyId = rotationOff, RotationPeriodInDays = 90 });
            await Ok(client, "disablekeyrotation", new { KeyId = rotationOff });
            await Record(client, "key with rotation turned off", rotationOff, Encoding.UTF8.GetBytes("one version only"), null);

            var mac256 = await CreateKey(client, new { Description = "HMAC key", KeySpec = "HMAC_256", KeyUsage = "GENERATE_VERIFY_MAC" });
            keys.Add(("HMAC_256 key, alias; latest snapshot only", mac256, "snapshot"));
            var mac512 = await CreateKey(client, new { Description = "HMAC key, SHA-512", KeySpec = "HMAC_512", KeyUsage = "GENERATE_VERIFY_MAC" });
            keys.Add(("HMAC_512 key; events only", mac512, "events"));
            var macs = new List<JournalFixtureFacts.Mac>();
            foreach (var (keyId, algorithm) in new[] { (mac256, "HMAC_SHA_256"), (mac512, "HMAC_SHA_512") })
            {
                var message = Convert.ToBase64String(Encoding.UTF8.GetBytes("pay 100 to alice"));
                var mac = await Ok(client, "generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = algorithm });
                macs.Add(new(keyId, algorithm, message, (string)mac["Mac"]!));
            }
            await Ok(client, "createalias", new { AliasName = "alias/fixture-mac", TargetKeyId = mac256 });
            await Ok(client, "createalias", new { AliasName = "alias/fixture-moved", TargetKeyId = disabled });
            await Ok(client, "updatealias", new { AliasName = "alias/fixture-moved", TargetKeyId = rotationOff });

            clock.Advance(JournalFixture.WrittenAt - clock.GetUtcNow());
            var recorded = new List<JournalFixtureFacts.Key>();
            foreach (var (role, keyId, recovery) in keys)
                recorded.Add(await Describe(client, role, keyId, recovery));
            var aliases = (await Ok(client, "listaliases", new { }))["Aliases"]!.AsArray()
                .Select(a => new JournalFixtureFacts.Alias((string)a!["AliasName"]!, (string)a["TargetKeyId"]!))
                .Where(a => a.AliasName.StartsWith("alias/fixture-", StringComparison.Ordinal))
                .OrderBy(a => a.AliasName, StringComparer.Ordinal).ToList();
            facts = new JournalFixtureFacts.Facts(
                "A data directory written by the Kms of its day (data/kms.db, data/master-key.json; passphrase in JournalFixture) "
                + "and what its API answered then. Made by JournalFixtureGenerator. Every later Kms must start on a copy of it and "
                + "find all of this. Never edit; never regenerate to make a test pass.",
                recorded, [new(destroyed, destroyedBlob)], aliases, ["alias/fixture-deleted"], _ciphertexts, macs);
        }

        // Snapshots as each key's recovery names it: the node saved one for every key it stopped.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(files.DataDirectory, "kms.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var (_, keyId, recovery) in keys)
            {
                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM snapshot WHERE persistence_id = $id AND sequence_number > $keep";
                delete.Parameters.AddWithValue("$id", KeyEntityActor.PersistenceIdFor(keyId));
                delete.Parameters.AddWithValue("$keep", recovery switch { "snapshot" => long.MaxValue, "snapshot-then-events" => KeyEntityActor.SnapshotEvery, _ => 0L });
                await delete.ExecuteNonQueryAsync();
            }
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;";
            await vacuum.ExecuteNonQueryAsync();
        }

        var target = Path.Combine(GeneratorFactAttribute.SourceDirectory("Kms.Node.Tests"), "Fixtures", JournalFixture.Name);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(Path.Combine(target, "data"));
        foreach (var name in new[] { "kms.db", "master-key.json" })
            File.Copy(Path.Combine(files.DataDirectory, name), Path.Combine(target, "data", name));
        File.WriteAllText(Path.Combine(target, JournalFixtureFacts.FileName), JsonSerializer.Serialize(facts, JournalFixtureFacts.Json) + "\n");
    }

    private async Task Record(GoKmsClient client, string name, string keyId, byte[] plaintext, Dictionary<string, string>? context)
    {
        var response = await Ok(client, "encrypt", new { KeyId = keyId, Plaintext = Convert.ToBase64String(plaintext), EncryptionContext = context });
        var blob = (string)response["CiphertextBlob"]!;
        Assert.True(CiphertextFormat.TryParse(Convert.FromBase64String(blob), out var parsed, out var error), error);
        _ciphertexts.Add(new(name, keyId, parsed.KeyVersion, context, Convert.ToBase64String(plaintext), blob));
    }

    private static async Task<JournalFixtureFacts.Key> Describe(GoKmsClient client, string role, string keyId, string recovery)
    {
        var described = (await Ok(client, "describekey", new { KeyId = keyId }))["KeyMetadata"]!.AsObject();
        var metadata = new JsonObject();
        foreach (var field in EventFields)
            if (described.TryGetPropertyValue(field, out var value) && value is not null) metadata[field] = value.DeepClone();
        var tags = (await Ok(client, "listresourcetags", new { KeyId = keyId }))["Tags"]!.AsArray()
            .ToDictionary(t => (string)t!["TagKey"]!, t => (string)t!["TagValue"]!);
        if ((string)described["KeySpec"]! != "SYMMETRIC_DEFAULT") return new(role, keyId, metadata, tags, null, null, recovery);
        var rotation = await Ok(client, "getkeyrotationstatus", new { KeyId = keyId });
        rotation.Remove("KeyId");
        var rotations = (await Ok(client, "listkeyrotations", new { KeyId = keyId }))["Rotations"]!.AsArray()
            .Select(r => DateTimeOffset.Parse((string)r!["RotationDate"]!)).ToList();
        return new(role, keyId, metadata, tags, rotation, rotations, recovery);
    }

    private static async Task<string> CreateKey(GoKmsClient client, object request) =>
        (string)(await Ok(client, "createkey", request))["KeyMetadata"]!["KeyId"]!;

    private static async Task<JsonObject> Ok(GoKmsClient client, string operation, object request)
    {
        var response = await client.Post(operation, request);
        response.EnsureOk();
        return response.Json as JsonObject ?? [];
    }
}
