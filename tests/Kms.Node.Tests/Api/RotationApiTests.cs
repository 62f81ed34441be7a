using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Node.Tests.Api;

public class RotationApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    /// <summary>The key version a blob names: the 4 big-endian bytes after the key id (docs/ciphertext-format.md).</summary>
    private static int KeyVersionOf(string blob)
    {
        var bytes = Convert.FromBase64String(blob);
        int idLength = bytes[2];
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(3 + idLength, 4));
    }

    private static async Task<JsonNode> Post(GoKmsClient client, string operation, object body)
    {
        var response = await client.Post(operation, body);
        response.EnsureOk();
        return response.Json!;
    }

    private static async Task<List<(string KeyId, DateTimeOffset Date, string Type)>> Rotations(GoKmsClient client, string keyId) =>
        (await Post(client, "listkeyrotations", new { KeyId = keyId }))["Rotations"]!.AsArray()
            .Select(r => ((string)r!["KeyId"]!, DateTimeOffset.Parse((string)r["RotationDate"]!), (string)r["RotationType"]!))
            .ToList();

    [Fact]
    public async Task Rotatekeyondemand_makes_new_encryptions_use_the_next_version_and_old_ciphertexts_still_decrypt()
    {
        var keyId = await _client.CreateKey();
        var first = await _client.Encrypt(keyId, [1]);
        Assert.Equal(1, KeyVersionOf(first));

        var rotated = await Post(_client, "rotatekeyondemand", new { KeyId = keyId });
        Assert.Equal(keyId, (string)rotated["KeyId"]!);
        var second = await _client.Encrypt(keyId, [2]);
        Assert.Equal(2, KeyVersionOf(second));

        await Post(_client, "rotatekeyondemand", new { KeyId = keyId });
        var third = await _client.Encrypt(keyId, [3]);
        Assert.Equal(3, KeyVersionOf(third));
        var dataKey = await Post(_client, "generatedatakey", new { KeyId = keyId });
        Assert.Equal(3, KeyVersionOf((string)dataKey["CiphertextBlob"]!));

        Assert.Equal(new byte[] { 1 }, await _client.Decrypt(first));
        Assert.Equal(new byte[] { 2 }, await _client.Decrypt(second));
        Assert.Equal(new byte[] { 3 }, await _client.Decrypt(third));
    }

    [Fact]
    public async Task Reencrypt_moves_an_old_version_ciphertext_to_the_current_version()
    {
        var keyId = await _client.CreateKey();
        var old = await _client.Encrypt(keyId, [4, 2]);
        await Post(_client, "rotatekeyondemand", new { KeyId = keyId });
        var moved = await Post(_client, "reencrypt", new { CiphertextBlob = old, DestinationKeyId = keyId });
        Assert.Equal(2, KeyVersionOf((string)moved["CiphertextBlob"]!));
        Assert.Equal(new byte[] { 4, 2 }, await _client.Decrypt((string)moved["CiphertextBlob"]!));
    }

    [Fact]
    public async Task Listkeyrotations_lists_on_demand_rotations_oldest_first_under_the_key_ARN()
    {
        var keyId = await _client.CreateKey();
        Assert.Empty(await Rotations(_client, keyId));

        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 3; i++) await Post(_client, "rotatekeyondemand", new { KeyId = keyId });

        var rotations = await Rotations(_client, keyId);
        Assert.Equal(3, rotations.Count);
        Assert.All(rotations, r =>
        {
            Assert.Equal(KmsArns.Key(keyId), r.KeyId);
            Assert.Equal("ON_DEMAND", r.Type);
            Assert.InRange(r.Date, before, DateTimeOffset.UtcNow.AddMinutes(1));
        });
        Assert.Equal(rotations.OrderBy(r => r.Date).ToList(), rotations);
    }

    [Fact]
    public async Task Listkeyrotations_pages_with_Limit_and_Marker()
    {
        var keyId = await _client.CreateKey();
        for (var i = 0; i < 5; i++) await Post(_client, "rotatekeyondemand", new { KeyId = keyId });
        var all = await Rotations(_client, keyId);
        Assert.Equal(5, all.Count);

        var (items, pages) = await Paging.ReadAll(_client, "listkeyrotations", "Rotations", limit: 2, new JsonObject { ["KeyId"] = keyId });

        Assert.Equal(3, pages);
        Assert.Equal(all.Select(r => r.Date), items.Select(r => DateTimeOffset.Parse((string)r["RotationDate"]!)));
    }

    [Fact]
    public async Task Listkeyrotations_with_a_foreign_marker_is_an_InvalidMarkerException()
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("listkeyrotations", new { KeyId = keyId, Marker = "not-a-marker" });
        response.AssertError(HttpStatusCode.BadRequest, "InvalidMarkerException");
    }

    [Fact]
    public async Task Rotatekeyondemand_and_listkeyrotations_accept_an_alias()
    {
        var keyId = await _client.CreateKey();
        var alias = "alias/rotating-" + Guid.NewGuid().ToString("N");
        await Post(_client, "createalias", new { AliasName = alias, TargetKeyId = keyId });
        await Post(_client, "rotatekeyondemand", new { KeyId = alias });
        var rotations = await Rotations(_client, KmsArns.Alias(alias));
        Assert.Equal(KmsArns.Key(keyId), Assert.Single(rotations).KeyId);
    }

    [Fact]
    public async Task Rotatekeyondemand_is_limited_to_10_rotations_per_key()
    {
        var keyId = await _client.CreateKey();
        for (var i = 0; i < 10; i++) await Post(_client, "rotatekeyondemand", new { KeyId = keyId });
        var eleventh = await _client.Post("rotatekeyondemand", new { KeyId = keyId });
        eleventh.AssertError(HttpStatusCode.BadRequest, "LimitExceededException");
        Assert.Equal(11, KeyVersionOf(await _client.Encrypt(keyId, [1])));
    }

    [Fact]
    public async Task A_new_key_has_rotation_off()
    {
        var keyId = await _client.CreateKey();
        var status = await Post(_client, "getkeyrotationstatus", new { KeyId = keyId });
        Assert.False((bool)status["KeyRotationEnabled"]!);
        Assert.Equal(KmsArns.Key(keyId), (string)status["KeyId"]!);
        Assert.Null(status["NextRotationDate"]);
    }

    [Fact]
    public async Task Enablekeyrotation_defaults_to_365_days_and_getkeyrotationstatus_shows_the_next_date()
    {
        var keyId = await _client.CreateKey();
        var before = DateTimeOffset.UtcNow;
        Assert.Empty((await Post(_client, "enablekeyrotation", new { KeyId = keyId })).AsObject());

        var status = await Post(_client, "getkeyrotationstatus", new { KeyId = keyId });
        Assert.True((bool)status["KeyRotationEnabled"]!);
        Assert.Equal(365, (int)status["RotationPeriodInDays"]!);
        var next = DateTimeOffset.Parse((string)status["NextRotationDate"]!);
        Assert.InRange(next, before.AddDays(365).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(365).AddMinutes(1));
    }

    [Theory]
    [InlineData(90)]
    [InlineData(2560)]
    public async Task Enablekeyrotation_accepts_a_period_of_90_to_2560_days(int days)
    {
        var keyId = await _client.CreateKey();
        await Post(_client, "enablekeyrotation", new { KeyId = keyId, RotationPeriodInDays = days });
        var status = await Post(_client, "getkeyrotationstatus", new { KeyId = keyId });
        Assert.Equal(days, (int)status["RotationPeriodInDays"]!);
        var next = DateTimeOffset.Parse((string)status["NextRotationDate"]!);
        Assert.InRange(next, DateTimeOffset.UtcNow.AddDays(days).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(days).AddMinutes(1));
    }

    [Theory]
    [InlineData(89)]
    [InlineData(2561)]
    [InlineData(0)]
    public async Task Enablekeyrotation_with_a_period_outside_90_to_2560_days_is_a_ValidationException(int days)
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("enablekeyrotation", new { KeyId = keyId, RotationPeriodInDays = days });
        response.AssertError(HttpStatusCode.BadRequest, "ValidationException");
        Assert.False((bool)(await Post(_client, "getkeyrotationstatus", new { KeyId = keyId }))["KeyRotationEnabled"]!);
    }

    [Fact]
    public async Task Enablekeyrotation_with_a_new_period_replaces_the_old_one()
    {
        var keyId = await _client.CreateKey();
        await Post(_client, "enablekeyrotation", new { KeyId = keyId, RotationPeriodInDays = 400 });
        await Post(_client, "enablekeyrotation", new { KeyId = keyId, RotationPeriodInDays = 100 });
        var status = await Post(_client, "getkeyrotationstatus", new { KeyId = keyId });
        Assert.Equal(100, (int)status["RotationPeriodInDays"]!);
        Assert.InRange(DateTimeOffset.Parse((string)status["NextRotationDate"]!), DateTimeOffset.UtcNow.AddDays(99), DateTimeOffset.UtcNow.AddDays(101));
    }

    [Fact]
    public async Task Disablekeyrotation_turns_rotation_off_and_is_idempotent()
    {
        var keyId = await _client.CreateKey();
        await Post(_client, "enablekeyrotation", new { KeyId = keyId, RotationPeriodInDays = 180 });
        for (var i = 0; i < 2; i++) Assert.Empty((await Post(_client, "disablekeyrotation", new { KeyId = keyId })).AsObject());

        var status = await Post(_client, "getkeyrotationstatus", new { KeyId = keyId });
        Assert.False((bool)status["KeyRotationEnabled"]!);
        Assert.Null(status["NextRotationDate"]);
    }

    [Theory]
    [InlineData("rotatekeyondemand")]
    [InlineData("enablekeyrotation")]
    [InlineData("disablekeyrotation")]
    [InlineData("getkeyrotationstatus")]
    [InlineData("listkeyrotations")]
    public async Task Rotation_operations_on_an_HMAC_key_are_UnsupportedOperationException(string operation)
    {
        var created = await _client.Post("createkey", new { KeySpec = "HMAC_256", KeyUsage = "GENERATE_VERIFY_MAC" });
        created.EnsureOk();
        var response = await _client.Post(operation, new { KeyId = (string)created.Json!["KeyMetadata"]!["KeyId"]! });
        response.AssertError(HttpStatusCode.BadRequest, "UnsupportedOperationException");
    }

    [Theory]
    [InlineData("rotatekeyondemand")]
    [InlineData("enablekeyrotation")]
    [InlineData("disablekeyrotation")]
    public async Task Rotation_changes_to_a_disabled_key_are_DisabledException(string operation)
    {
        var keyId = await _client.CreateKey();
        await Post(_client, "disablekey", new { KeyId = keyId });
        var response = await _client.Post(operation, new { KeyId = keyId });
        response.AssertError(HttpStatusCode.Conflict, "DisabledException");
        Assert.Empty(await Rotations(_client, keyId));
    }

    [Theory]
    [InlineData("rotatekeyondemand")]
    [InlineData("enablekeyrotation")]
    public async Task Rotation_changes_to_a_key_pending_deletion_are_KMSInvalidStateException(string operation)
    {
        var keyId = await _client.CreateKey();
        await Post(_client, "schedulekeydeletion", new { KeyId = keyId });
        var response = await _client.Post(operation, new { KeyId = keyId });
        response.AssertError(HttpStatusCode.Conflict, "KMSInvalidStateException");
    }

    [Fact]
    public async Task Rotation_operations_on_a_missing_key_are_NotFound()
    {
        foreach (var operation in new[] { "rotatekeyondemand", "enablekeyrotation", "disablekeyrotation", "getkeyrotationstatus", "listkeyrotations" })
        {
            var response = await _client.Post(operation, new { KeyId = Guid.NewGuid().ToString() });
            response.AssertError(HttpStatusCode.NotFound, "NotFoundException");
        }
    }

    [Fact]
    public async Task Automatic_rotation_happens_once_when_due_for_a_key_nobody_touches_and_survives_a_restart()
    {
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string keyId, before, after, untouched, disabled;
        DateTimeOffset dueAt, rotatedAt;
        await using (var node = await InProcessNode.Start(files, clock: clock))
        using (var client = node.Client())
        {
            keyId = await client.CreateKey("rotates itself");
            untouched = await client.CreateKey("rotation off");
            disabled = await client.CreateKey("rotation on, but disabled");
            before = await client.Encrypt(keyId, [1]);
            await Post(client, "enablekeyrotation", new { KeyId = keyId, RotationPeriodInDays = 90 });
            await Post(client, "enablekeyrotation", new { KeyId = disabled, RotationPeriodInDays = 90 });
            await Post(client, "disablekey", new { KeyId = disabled });
            var status = await Post(client, "getkeyrotationstatus", new { KeyId = keyId });
            dueAt = DateTimeOffset.Parse((string)status["NextRotationDate"]!);
            Assert.Equal(clock.GetUtcNow().AddDays(90), dueAt);

            clock.Advance(dueAt - clock.GetUtcNow() + TimeSpan.FromMinutes(1));
            rotatedAt = clock.GetUtcNow();
            // Wait on the stored events, not the API, so that nothing but the node wakes the key.
            await Eventually.Until(
                () => StoredRows.Of(files, "key-" + keyId),
                rows => rows.Any(r => r.Manifest == "key-rotated.v1"),
                "the key rotates automatically");

            var rotations = await Rotations(client, keyId);
            var rotation = Assert.Single(rotations);
            Assert.Equal("AUTOMATIC", rotation.Type);
            Assert.Equal(rotatedAt, rotation.Date);
            var next = DateTimeOffset.Parse((string)(await Post(client, "getkeyrotationstatus", new { KeyId = keyId }))["NextRotationDate"]!);
            Assert.Equal(rotatedAt.AddDays(90), next);
            Assert.True(next >= dueAt.AddDays(90));

            after = await client.Encrypt(keyId, [2]);
            Assert.Equal(2, KeyVersionOf(after));
            // The pass that rotated the due key saw these too.
            Assert.Empty(await Rotations(client, untouched));
            Assert.Empty(await Rotations(client, disabled));
            Assert.Equal(1, KeyVersionOf(await client.Encrypt(untouched, [3])));
        }

        await using var restarted = await InProcessNode.Start(files, clock: clock);
        using var again = restarted.Client();
        var survived = Assert.Single(await Rotations(again, keyId));
        Assert.Equal(("AUTOMATIC", rotatedAt), (survived.Type, survived.Date));
        Assert.Equal(new byte[] { 1 }, await again.Decrypt(before));
        Assert.Equal(new byte[] { 2 }, await again.Decrypt(after));
        Assert.Equal(2, KeyVersionOf(await again.Encrypt(keyId, [4])));
        var status2 = await Post(again, "getkeyrotationstatus", new { KeyId = keyId });
        Assert.True((bool)status2["KeyRotationEnabled"]!);
        Assert.Equal(rotatedAt.AddDays(90), DateTimeOffset.Parse((string)status2["NextRotationDate"]!));
    }
}
