using System.Net;
using System.Text.Json.Nodes;
using Kms.Actors.Serialization;
using Kms.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// The real node, started on a copy of a data directory an earlier Kms wrote (Fixtures/journal-v1), finds every key,
/// alias and state it held and decrypts what was encrypted then. A renamed manifest, a changed event field, a dropped
/// event type or a changed recovery fails here; so would a migration of stored rows that loses anything.
/// </summary>
public sealed class JournalFixtureTests(RecoveredJournalFixture recovered) : IClassFixture<RecoveredJournalFixture>
{
    private static readonly JournalFixtureFacts.Facts Facts = JournalFixtureFacts.Load();
    private readonly GoKmsClient _client = recovered.Client;

    public static TheoryData<JournalFixtureFacts.Key> Keys => new(Facts.Keys);

    /// <summary>The keys with rotations; an HMAC key has none.</summary>
    public static TheoryData<JournalFixtureFacts.Key> SymmetricKeys => new(Facts.Keys.Where(k => k.Rotation is not null));

    public static TheoryData<JournalFixtureFacts.Ciphertext> Ciphertexts => new(Facts.Ciphertexts);

    /// <summary>What the fixture was made to hold: every persisted type but the HSM migration's, and all three ways a key recovers.</summary>
    [Fact]
    public async Task The_fixture_holds_every_event_type_and_each_way_a_key_recovers()
    {
        using var directory = new TestDirectory();
        var copy = JournalFixture.CopyTo(directory.Path);
        var manifests = new HashSet<string>();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(copy.DataDirectory, "kms.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT manifest FROM journal UNION SELECT manifest FROM snapshot";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) manifests.Add(reader.GetString(0));
        }

        Assert.Subset(KmsSerializer.Manifests.Values.ToHashSet(), manifests);
        // key-material-rewrapped.v1 is written only when a key store moves to an HSM (MigrationTests), which needs a token.
        Assert.Equal(
        [
            "alias-created.v1", "alias-deleted.v1", "alias-updated.v1", "key-created.v1", "key-deletion-cancelled.v1", "key-deletion-scheduled.v1",
            "key-description-updated.v1", "key-destroyed.v1", "key-disabled.v1", "key-enabled.v1", "key-rotated.v1", "key-rotation-disabled.v1",
            "key-rotation-enabled.v1", "key-state.v1", "key-tagged.v1", "key-untagged.v1",
        ], manifests.Order(StringComparer.Ordinal));
        Assert.Equal(["events", "snapshot", "snapshot-then-events"], Facts.Keys.Select(k => k.Recovery).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_key_recovers_with_its_state_description_usage_and_dates(JournalFixtureFacts.Key key)
    {
        var metadata = (await Ok("describekey", new { KeyId = key.KeyId }))["KeyMetadata"]!.AsObject();

        AssertHolds(key.Metadata, metadata);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_key_recovers_with_its_tags(JournalFixtureFacts.Key key)
    {
        var tags = (await Ok("listresourcetags", new { KeyId = key.KeyId }))["Tags"]!.AsArray()
            .ToDictionary(t => (string)t!["TagKey"]!, t => (string)t!["TagValue"]!);

        Assert.Equal(key.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), tags.OrderBy(t => t.Key, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SymmetricKeys))]
    public async Task A_key_recovers_with_its_rotation_settings_and_rotations(JournalFixtureFacts.Key key)
    {
        AssertHolds(key.Rotation!, await Ok("getkeyrotationstatus", new { KeyId = key.KeyId }));
        var rotations = (await Ok("listkeyrotations", new { KeyId = key.KeyId }))["Rotations"]!.AsArray()
            .Select(r => DateTimeOffset.Parse((string)r!["RotationDate"]!)).ToList();
        Assert.Equal(key.RotationDates, rotations);
    }

    [Fact]
    public async Task Every_key_is_listed_and_the_destroyed_key_is_not()
    {
        var listed = (await Ok("listkeys", new { }))["KeyMetadata"]!.AsArray().Select(k => (string)k!["KeyId"]!).ToList();

        Assert.Subset(listed.ToHashSet(), Facts.Keys.Select(k => k.KeyId).ToHashSet());
        Assert.DoesNotContain(Facts.DestroyedKeys[0].KeyId, listed);
    }

    [Fact]
    public async Task The_destroyed_key_stays_destroyed_and_its_ciphertext_stays_undecryptable()
    {
        var destroyed = Facts.DestroyedKeys.Single();

        (await _client.Post("describekey", new { KeyId = destroyed.KeyId })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
        (await _client.Post("decrypt", new { CiphertextBlob = destroyed.Blob })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task Every_alias_recovers_with_its_target_and_a_deleted_alias_stays_deleted()
    {
        var aliases = (await Ok("listaliases", new { }))["Aliases"]!.AsArray()
            .Select(a => new JournalFixtureFacts.Alias((string)a!["AliasName"]!, (string)a["TargetKeyId"]!)).ToList();

        Assert.Subset(aliases.ToHashSet(), Facts.Aliases.ToHashSet());
        Assert.DoesNotContain(aliases, a => Facts.DeletedAliases.Contains(a.AliasName));
        foreach (var alias in Facts.Aliases)
            Assert.Equal(alias.TargetKeyId, (string)(await Ok("describekey", new { KeyId = alias.AliasName }))["KeyMetadata"]!["KeyId"]!);
    }

    [Theory]
    [MemberData(nameof(Ciphertexts))]
    public async Task A_ciphertext_decrypts_under_an_enabled_key_and_is_refused_as_its_state_says_otherwise(JournalFixtureFacts.Ciphertext ciphertext)
    {
        var state = (string)Facts.Keys.Single(k => k.KeyId == ciphertext.KeyId).Metadata["KeyState"]!;

        var response = await _client.Post("decrypt", new { CiphertextBlob = ciphertext.Blob, ciphertext.EncryptionContext });

        switch (state)
        {
            case "Enabled":
                response.EnsureOk();
                Assert.Equal(ciphertext.Plaintext, (string)response.Json!["Plaintext"]!);
                break;
            case "Disabled":
                response.AssertError(HttpStatusCode.Conflict, "DisabledException");
                break;
            default:
                response.AssertError(HttpStatusCode.Conflict, "KMSInvalidStateException");
                break;
        }
    }

    [Fact]
    public async Task A_MAC_made_then_verifies_and_is_made_again_alike()
    {
        foreach (var mac in Facts.Macs)
        {
            var verified = await Ok("verifymac", new { mac.KeyId, mac.Message, Mac = mac.Value, mac.MacAlgorithm });
            Assert.True((bool)verified["MacValid"]!);
            Assert.Equal(mac.Value, (string)(await Ok("generatemac", new { mac.KeyId, mac.Message, mac.MacAlgorithm }))["Mac"]!);
        }
    }

    /// <summary>Each field the fixture recorded has the recorded value; dates compare as instants, whatever their formatting.</summary>
    private static void AssertHolds(JsonObject expected, JsonObject actual)
    {
        foreach (var (name, value) in expected)
        {
            Assert.True(actual.TryGetPropertyValue(name, out var found), $"{name} is missing");
            if (name.EndsWith("Date", StringComparison.Ordinal))
                Assert.Equal(DateTimeOffset.Parse((string)value!), DateTimeOffset.Parse((string)found!));
            else
                Assert.True(JsonNode.DeepEquals(value, found), $"{name}: expected {value?.ToJsonString()}, got {found?.ToJsonString()}");
        }
    }

    private async Task<JsonObject> Ok(string operation, object request)
    {
        var response = await _client.Post(operation, request);
        response.EnsureOk();
        return response.Json!.AsObject();
    }
}
