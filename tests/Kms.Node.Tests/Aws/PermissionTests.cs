using System.Net;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Aws;

/// <summary>Every role against every operation, and key restrictions.</summary>
public class PermissionTests(PrincipalsFixture fixture) : IClassFixture<PrincipalsFixture>, IDisposable
{
    private readonly AwsClient _admin = fixture.Aws(PrincipalsFixture.AdminKey, PrincipalsFixture.AdminSecret);
    private readonly AwsClient _crypto = fixture.Aws(PrincipalsFixture.CryptoKey, PrincipalsFixture.CryptoSecret);
    private readonly AwsClient _read = fixture.Aws(PrincipalsFixture.ReadKey, PrincipalsFixture.ReadSecret);
    private readonly AwsClient _app = fixture.Aws(PrincipalsFixture.AppKey, PrincipalsFixture.AppSecret);

    public void Dispose()
    {
        _admin.Dispose();
        _crypto.Dispose();
        _read.Dispose();
        _app.Dispose();
    }

    private static readonly string[] CryptoOperations =
        ["Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateMac", "VerifyMac", "DescribeKey", "GenerateRandom"];

    private static readonly string[] ReadOperations =
        ["DescribeKey", "ListKeys", "ListAliases", "ListKeyRotations", "ListResourceTags", "GetKeyRotationStatus"];

    private static readonly string[] AllOperations =
    [
        "CreateKey", "DescribeKey", "ListKeys", "EnableKey", "DisableKey", "UpdateKeyDescription", "ScheduleKeyDeletion", "CancelKeyDeletion",
        "RotateKeyOnDemand", "EnableKeyRotation", "DisableKeyRotation", "GetKeyRotationStatus", "ListKeyRotations", "TagResource",
        "UntagResource", "ListResourceTags", "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
        "GenerateRandom", "GenerateMac", "VerifyMac", "CreateAlias", "UpdateAlias", "DeleteAlias", "ListAliases",
    ];

    public static TheoryData<string> Operations() => new(AllOperations);

    private async Task<string> AdminCreatesKey(object? request = null) =>
        (string)(await Admin("CreateKey", request ?? new { }))["KeyMetadata"]!["KeyId"]!;

    private async Task<JsonNode> Admin(string operation, object request)
    {
        var response = await _admin.Post(operation, request);
        response.EnsureOk();
        return response.Json!;
    }

    /// <summary>
    /// A request that succeeds when the principal may make it: the admin first sets up what the operation
    /// needs (a MAC key for MACs, an alias to update or delete, a deletion to cancel).
    /// </summary>
    private async Task<JsonObject> RequestFor(string operation)
    {
        var keyId = await AdminCreatesKey();
        string NewAlias() => "alias/perm-" + Guid.NewGuid().ToString("N")[..12];
        async Task<string> AliasOf(string target)
        {
            var alias = NewAlias();
            await Admin("CreateAlias", new { AliasName = alias, TargetKeyId = target });
            return alias;
        }
        switch (operation)
        {
            case "CreateKey" or "ListKeys" or "ListAliases":
                return [];
            case "GenerateRandom":
                return new JsonObject { ["NumberOfBytes"] = 8 };
            case "Encrypt":
                return new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = "AQ==" };
            case "Decrypt" or "ReEncrypt":
                var blob = (string)(await Admin("Encrypt", new { KeyId = keyId, Plaintext = "AQ==" }))["CiphertextBlob"]!;
                return operation == "Decrypt"
                    ? new JsonObject { ["CiphertextBlob"] = blob }
                    : new JsonObject { ["CiphertextBlob"] = blob, ["DestinationKeyId"] = keyId };
            case "UpdateKeyDescription":
                return new JsonObject { ["KeyId"] = keyId, ["Description"] = "x" };
            case "TagResource":
                return new JsonObject { ["KeyId"] = keyId, ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "k", ["TagValue"] = "v" }) };
            case "UntagResource":
                await Admin("TagResource", new { KeyId = keyId, Tags = new[] { new { TagKey = "k", TagValue = "v" } } });
                return new JsonObject { ["KeyId"] = keyId, ["TagKeys"] = new JsonArray("k") };
            case "GenerateMac" or "VerifyMac":
                var macKey = await AdminCreatesKey(new { KeySpec = "HMAC_256", KeyUsage = "GENERATE_VERIFY_MAC" });
                var macRequest = new JsonObject { ["KeyId"] = macKey, ["Message"] = "AQ==", ["MacAlgorithm"] = "HMAC_SHA_256" };
                if (operation == "VerifyMac") macRequest["Mac"] = (await Admin("GenerateMac", macRequest.ToJsonString()))["Mac"]!.DeepClone();
                return macRequest;
            case "CreateAlias":
                return new JsonObject { ["AliasName"] = NewAlias(), ["TargetKeyId"] = keyId };
            case "UpdateAlias":
                return new JsonObject { ["AliasName"] = await AliasOf(await AdminCreatesKey()), ["TargetKeyId"] = keyId };
            case "DeleteAlias":
                return new JsonObject { ["AliasName"] = await AliasOf(keyId) };
            case "CancelKeyDeletion":
                await Admin("ScheduleKeyDeletion", new { KeyId = keyId, PendingWindowInDays = 7 });
                return new JsonObject { ["KeyId"] = keyId };
            default:
                return new JsonObject { ["KeyId"] = keyId };
        }
    }

    /// <summary>An allowed call succeeds (a refusal of any other kind would hide a broken operation); a forbidden one is AccessDenied.</summary>
    private async Task AssertAllowed(AwsClient client, string operation, bool allowed)
    {
        var response = await client.Post(operation, (await RequestFor(operation)).ToJsonString());
        if (allowed) response.EnsureOk();
        else response.AssertError(HttpStatusCode.BadRequest, "AccessDeniedException");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Admin_may_call_every_operation(string operation) => AssertAllowed(_admin, operation, allowed: true);

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Crypto_may_only_use_keys(string operation) => AssertAllowed(_crypto, operation, CryptoOperations.Contains(operation));

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Read_may_only_describe_list_and_get(string operation) => AssertAllowed(_read, operation, ReadOperations.Contains(operation));

    [Fact]
    public async Task A_key_restricted_principal_uses_keys_under_its_aliases_and_nothing_else()
    {
        var mine = (string)(await _admin.Post("CreateKey", new { })).Json!["KeyMetadata"]!["KeyId"]!;
        var other = (string)(await _admin.Post("CreateKey", new { })).Json!["KeyMetadata"]!["KeyId"]!;
        var alias = "alias/app-" + Guid.NewGuid().ToString("N")[..8];
        (await _admin.Post("CreateAlias", new { AliasName = alias, TargetKeyId = mine })).EnsureOk();

        (await _app.Post("Encrypt", new { KeyId = alias, Plaintext = "AQ==" })).EnsureOk();
        (await _app.Post("Encrypt", new { KeyId = mine, Plaintext = "AQ==" })).EnsureOk();
        Assert.Equal("AccessDeniedException", (await _app.Post("Encrypt", new { KeyId = other, Plaintext = "AQ==" })).ErrorType);
        Assert.Equal("AccessDeniedException", (await _app.Post("DescribeKey", new { KeyId = other })).ErrorType);
    }

    [Fact]
    public async Task A_restricted_principal_cannot_decrypt_a_ciphertext_made_under_a_key_it_may_not_use()
    {
        var other = (string)(await _admin.Post("CreateKey", new { })).Json!["KeyMetadata"]!["KeyId"]!;
        var blob = (string)(await _admin.Post("Encrypt", new { KeyId = other, Plaintext = "AQ==" })).Json!["CiphertextBlob"]!;
        var response = await _app.Post("Decrypt", new { CiphertextBlob = blob });
        Assert.Equal("AccessDeniedException", response.ErrorType);
        Assert.DoesNotContain("Plaintext", response.Body);
    }

    [Fact]
    public async Task A_restricted_principal_cannot_tell_a_missing_key_from_a_forbidden_one()
    {
        var other = (string)(await _admin.Post("CreateKey", new { })).Json!["KeyMetadata"]!["KeyId"]!;
        var forbidden = await _app.Post("DescribeKey", new { KeyId = other });
        var missing = await _app.Post("DescribeKey", new { KeyId = Guid.NewGuid().ToString() });
        Assert.Equal(forbidden.ErrorType, missing.ErrorType);
        Assert.Equal(forbidden.Status, missing.Status);
    }

    [Fact]
    public async Task A_restricted_principal_lists_only_its_keys_and_their_aliases()
    {
        var mine = (string)(await _admin.Post("CreateKey", new { })).Json!["KeyMetadata"]!["KeyId"]!;
        var other = (string)(await _admin.Post("CreateKey", new { })).Json!["KeyMetadata"]!["KeyId"]!;
        var alias = "alias/app-list-" + Guid.NewGuid().ToString("N")[..8];
        (await _admin.Post("CreateAlias", new { AliasName = alias, TargetKeyId = mine })).EnsureOk();
        (await _admin.Post("CreateAlias", new { AliasName = "alias/other-" + Guid.NewGuid().ToString("N")[..8], TargetKeyId = other })).EnsureOk();

        using var reader = fixture.Aws(PrincipalsFixture.AppReaderKey, PrincipalsFixture.AppReaderSecret);
        var keys = (await reader.Post("ListKeys", new { Limit = 1000 })).Json!["Keys"]!.AsArray().Select(k => (string)k!["KeyId"]!).ToList();
        Assert.Contains(mine, keys);
        Assert.DoesNotContain(other, keys);
        var aliases = (await reader.Post("ListAliases", new { Limit = 1000 })).Json!["Aliases"]!.AsArray().Select(a => (string)a!["TargetKeyId"]!).ToList();
        Assert.Contains(mine, aliases);
        Assert.DoesNotContain(other, aliases);
        Assert.Contains(other, (await _read.Post("ListKeys", new { Limit = 1000 })).Json!["Keys"]!.AsArray().Select(k => (string)k!["KeyId"]!));
    }

    [Fact]
    public async Task A_read_principal_on_the_native_protocol_has_the_same_limits()
    {
        using var native = fixture.NativeClient(PrincipalsFixture.ReadSharedKey);
        (await native.Post("listkeys", new { })).EnsureOk();
        var create = await native.Post("createkey", new { });
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        Assert.Equal("AccessDeniedException", create.ErrorType);
    }
}
