using System.Text.Json.Nodes;
using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Commands.Keys;

public class KeysCommandTests(KmsToolFixture fixture) : IClassFixture<KmsToolFixture>
{
    private readonly KmsTool _kms = fixture.Kms;

    [Fact]
    public async Task Create_prints_the_new_key_and_list_shows_it_in_the_table_and_in_json()
    {
        var created = (await _kms.Run("keys", "create", "-d", "payroll exports")).Ok();
        var keyId = created.Stdout.Split('\n').Single(l => l.StartsWith("KeyId ", StringComparison.Ordinal))["KeyId".Length..].Trim();
        Assert.True(Guid.TryParse(keyId, out _), created.Stdout);
        Assert.Contains("payroll exports", created.Stdout);
        Assert.Contains("Enabled", created.Stdout);

        var table = (await _kms.Run("keys", "list")).Ok().Stdout.Split('\n');
        Assert.StartsWith("KEY ID", table[0]);
        var row = table.Single(l => l.StartsWith(keyId, StringComparison.Ordinal));
        Assert.Contains("Enabled", row);
        Assert.Contains("SYMMETRIC_DEFAULT", row);
        Assert.EndsWith("payroll exports", row);

        var json = (await _kms.Run("keys", "list", "--output", "json")).Ok().Json;
        var key = json["KeyMetadata"]!.AsArray().Single(k => (string)k!["KeyId"]! == keyId)!;
        Assert.Equal("payroll exports", (string)key["Description"]!);
        Assert.True((bool)key["Enabled"]!);
    }

    [Fact]
    public async Task Create_sends_key_spec_key_usage_and_every_tag()
    {
        var json = (await _kms.Run("keys", "create", "--key-spec", "HMAC_256", "--key-usage", "GENERATE_VERIFY_MAC",
            "--tag", "team=payments", "--tag", "env=prod=eu", "--output", "json")).Ok().Json["KeyMetadata"]!;
        Assert.Equal("HMAC_256", (string)json["KeySpec"]!);
        Assert.Equal("GENERATE_VERIFY_MAC", (string)json["KeyUsage"]!);

        var tags = await fixture.Api("listresourcetags", new JsonObject { ["KeyId"] = (string)json["KeyId"]! });
        var pairs = tags["Tags"]!.AsArray().ToDictionary(t => (string)t!["TagKey"]!, t => (string)t!["TagValue"]!);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "payments", ["env"] = "prod=eu" }, pairs);
    }

    [Fact]
    public async Task Describe_accepts_the_key_id_and_the_key_arn()
    {
        var keyId = await fixture.CreateKey("-d", "described");
        var byId = (await _kms.Run("keys", "describe", keyId, "--output", "json")).Ok().Json["KeyMetadata"]!;
        var byArn = (await _kms.Run("keys", "describe", (string)byId["Arn"]!, "--output", "json")).Ok().Json["KeyMetadata"]!;
        Assert.Equal(keyId, (string)byArn["KeyId"]!);
        Assert.Equal("described", (string)byArn["Description"]!);
        Assert.Contains($"Arn ", (await _kms.Run("keys", "describe", keyId)).Ok().Stdout);
    }

    [Fact]
    public async Task Disable_stops_encryption_until_enable()
    {
        var keyId = await fixture.CreateKey();
        var disabled = (await _kms.Run("keys", "disable", keyId, "--output", "json")).Ok().Json["KeyMetadata"]!;
        Assert.False((bool)disabled["Enabled"]!);
        Assert.Equal("Disabled", (string)disabled["KeyState"]!);
        (await _kms.Run("hello"u8.ToArray(), "encrypt", "--key-id", keyId)).Failed(1, "kms: DisabledException: ");

        var enabled = (await _kms.Run("keys", "enable", keyId, "--output", "json")).Ok().Json["KeyMetadata"]!;
        Assert.True((bool)enabled["Enabled"]!);
        (await _kms.Run("hello"u8.ToArray(), "encrypt", "--key-id", keyId)).Ok();
    }

    [Fact]
    public async Task Rotate_adds_a_rotation_and_old_ciphertexts_still_decrypt()
    {
        var keyId = await fixture.CreateKey();
        var before = (await _kms.Run("old secret"u8.ToArray(), "encrypt", "--key-id", keyId)).Ok().StdoutBytes;

        var rotated = (await _kms.Run("keys", "rotate", keyId)).Ok();
        Assert.Equal($"Rotated key {keyId}.\n", rotated.Stdout);

        var rotations = await fixture.Api("listkeyrotations", new JsonObject { ["KeyId"] = keyId });
        Assert.Single(rotations["Rotations"]!.AsArray());
        Assert.Equal("old secret"u8.ToArray(), (await _kms.Run(before, "decrypt")).Ok().StdoutBytes);
        var after = (await _kms.Run("new secret"u8.ToArray(), "encrypt", "--key-id", keyId)).Ok().StdoutBytes;
        Assert.Equal("new secret"u8.ToArray(), (await _kms.Run(after, "decrypt")).Ok().StdoutBytes);
    }

    [Fact]
    public async Task Schedule_deletion_then_cancel_leaves_the_key_disabled()
    {
        var keyId = await fixture.CreateKey();
        var scheduled = (await _kms.Run("keys", "schedule-deletion", keyId, "--days", "7", "--output", "json")).Ok().Json;
        Assert.Equal("PendingDeletion", (string)scheduled["KeyState"]!);
        Assert.Equal(7, (int)scheduled["PendingWindowInDays"]!);
        var deletion = DateTimeOffset.Parse((string)scheduled["DeletionDate"]!);
        Assert.InRange(deletion, DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(5));
        Assert.Contains("PendingDeletion", (await _kms.Run("keys", "describe", keyId)).Ok().Stdout);
        (await _kms.Run("x"u8.ToArray(), "encrypt", "--key-id", keyId)).Failed(1, "kms: KMSInvalidStateException: ");

        var cancelled = (await _kms.Run("keys", "cancel-deletion", keyId)).Ok();
        Assert.Contains(keyId, cancelled.Stdout);
        var described = (await _kms.Run("keys", "describe", keyId, "--output", "json")).Ok().Json["KeyMetadata"]!;
        Assert.Equal("Disabled", (string)described["KeyState"]!);
    }

    [Fact]
    public async Task Schedule_deletion_table_shows_the_deletion_date()
    {
        var keyId = await fixture.CreateKey();
        var table = (await _kms.Run("keys", "schedule-deletion", keyId)).Ok().Stdout;
        Assert.Contains("DeletionDate", table);
        Assert.Contains("PendingWindowInDays  30", table);
    }

    [Fact]
    public async Task A_deletion_window_the_service_refuses_exits_1_with_its_error_type()
    {
        var keyId = await fixture.CreateKey();
        (await _kms.Run("keys", "schedule-deletion", keyId, "--days", "3")).Failed(1, "kms: ValidationException: ");
        (await _kms.Run("keys", "schedule-deletion", keyId, "--days", "soon")).Failed(2, "kms: --days must be a whole number");
    }

    [Fact]
    public async Task An_unknown_key_exits_1_with_NotFoundException_on_one_stderr_line()
    {
        var missing = Guid.NewGuid().ToString();
        var result = (await _kms.Run("keys", "describe", missing)).Failed(1, "kms: NotFoundException: ");
        Assert.Contains(missing, result.Stderr);
        Assert.Empty(result.StdoutBytes);
    }
}
