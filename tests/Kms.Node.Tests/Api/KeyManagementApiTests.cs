using System.Net;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Api;

public class KeyManagementApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private async Task<JsonObject> CreateKey(object body)
    {
        var response = await _client.Post("createkey", body);
        response.EnsureOk();
        return response.Json!["KeyMetadata"]!.AsObject();
    }

    private async Task<JsonObject> Describe(string keyReference)
    {
        var response = await _client.Post("describekey", new { KeyId = keyReference });
        response.EnsureOk();
        return response.Json!["KeyMetadata"]!.AsObject();
    }

    private async Task<List<string>> ListAllKeyIds()
    {
        var response = await _client.Post("listkeys", new { });
        response.EnsureOk();
        return response.Json!["KeyMetadata"]!.AsArray().Select(k => (string)k!["KeyId"]!).ToList();
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToList();

    [Fact]
    public async Task Createkey_without_a_spec_makes_a_symmetric_encryption_key_with_full_KeyMetadata()
    {
        var metadata = await CreateKey(new { Description = "payments" });
        var keyId = (string)metadata["KeyId"]!;

        Assert.Equal(KmsArns.Key(keyId), (string)metadata["Arn"]!);
        Assert.Equal("000000000000", (string)metadata["AWSAccountId"]!);
        Assert.Equal("Enabled", (string)metadata["KeyState"]!);
        Assert.True((bool)metadata["Enabled"]!);
        Assert.Equal("ENCRYPT_DECRYPT", (string)metadata["KeyUsage"]!);
        Assert.Equal("SYMMETRIC_DEFAULT", (string)metadata["KeySpec"]!);
        Assert.Equal("SYMMETRIC_DEFAULT", (string)metadata["CustomerMasterKeySpec"]!);
        Assert.Equal("CUSTOMER", (string)metadata["KeyManager"]!);
        Assert.Equal("AWS_KMS", (string)metadata["Origin"]!);
        Assert.False((bool)metadata["MultiRegion"]!);
        Assert.Equal(["SYMMETRIC_DEFAULT"], Strings(metadata["EncryptionAlgorithms"]));
        Assert.False(metadata.ContainsKey("MacAlgorithms"));
        Assert.False(metadata.ContainsKey("DeletionDate"));
        Assert.False(metadata.ContainsKey("PendingDeletionWindowInDays"));
    }

    [Theory]
    [InlineData("HMAC_256", "HMAC_SHA_256")]
    [InlineData("HMAC_384", "HMAC_SHA_384")]
    [InlineData("HMAC_512", "HMAC_SHA_512")]
    public async Task Createkey_with_an_HMAC_spec_makes_a_MAC_key_that_describekey_reports(string keySpec, string macAlgorithm)
    {
        var created = await CreateKey(new { KeyUsage = "GENERATE_VERIFY_MAC", KeySpec = keySpec });
        var metadata = await Describe((string)created["KeyId"]!);

        Assert.Equal("GENERATE_VERIFY_MAC", (string)metadata["KeyUsage"]!);
        Assert.Equal(keySpec, (string)metadata["KeySpec"]!);
        Assert.Equal(keySpec, (string)metadata["CustomerMasterKeySpec"]!);
        Assert.Equal("Enabled", (string)metadata["KeyState"]!);
        Assert.Equal([macAlgorithm], Strings(metadata["MacAlgorithms"]));
        Assert.False(metadata.ContainsKey("EncryptionAlgorithms"));
    }

    [Fact]
    public async Task Createkey_with_an_HMAC_spec_and_no_KeyUsage_infers_GENERATE_VERIFY_MAC()
    {
        var metadata = await CreateKey(new { KeySpec = "HMAC_256" });
        Assert.Equal("GENERATE_VERIFY_MAC", (string)metadata["KeyUsage"]!);
    }

    [Fact]
    public async Task Createkey_accepts_the_explicit_symmetric_spec_and_usage()
    {
        var metadata = await CreateKey(new { KeyUsage = "ENCRYPT_DECRYPT", KeySpec = "SYMMETRIC_DEFAULT" });
        Assert.Equal("ENCRYPT_DECRYPT", (string)metadata["KeyUsage"]!);
        Assert.Equal("SYMMETRIC_DEFAULT", (string)metadata["KeySpec"]!);
    }

    [Theory]
    [InlineData("ENCRYPT_DECRYPT", "HMAC_256")]
    [InlineData("GENERATE_VERIFY_MAC", "SYMMETRIC_DEFAULT")]
    [InlineData("SIGN_VERIFY", "SYMMETRIC_DEFAULT")]
    public async Task Createkey_with_a_KeyUsage_that_does_not_fit_the_KeySpec_is_a_ValidationException(string keyUsage, string keySpec)
    {
        var response = await _client.Post("createkey", new { KeyUsage = keyUsage, KeySpec = keySpec });
        response.AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [InlineData("RSA_2048")]
    [InlineData("ECC_NIST_P256")]
    public async Task Createkey_with_an_asymmetric_spec_is_an_UnsupportedOperationException(string keySpec)
    {
        var response = await _client.Post("createkey", new { KeySpec = keySpec });
        response.AssertError(HttpStatusCode.BadRequest, "UnsupportedOperationException");
    }

    [Fact]
    public async Task Createkey_stores_its_Tags()
    {
        var metadata = await CreateKey(new
        {
            Description = "tagged",
            Tags = new[] { new { TagKey = "team", TagValue = "payments" }, new { TagKey = "env", TagValue = "prod" } },
        });
        var tags = await _client.Post("listresourcetags", new { KeyId = (string)metadata["KeyId"]! });
        tags.EnsureOk();
        Assert.Equal(
            [("env", "prod"), ("team", "payments")],
            tags.Json!["Tags"]!.AsArray().Select(t => ((string)t!["TagKey"]!, (string)t["TagValue"]!)));
    }

    [Fact]
    public async Task Createkey_with_an_invalid_tag_is_a_TagException_and_makes_no_key()
    {
        var before = await ListAllKeyIds();
        var response = await _client.Post("createkey", new { Tags = new[] { new { TagKey = "aws:reserved", TagValue = "x" } } });
        response.AssertError(HttpStatusCode.BadRequest, "TagException");
        Assert.Equal(before, await ListAllKeyIds());
    }

    [Fact]
    public async Task Describekey_accepts_a_key_id_a_key_ARN_an_alias_name_and_an_alias_ARN()
    {
        var keyId = (string)(await CreateKey(new { Description = "by any name" }))["KeyId"]!;
        var alias = "alias/describe-" + Guid.NewGuid().ToString("N");
        (await _client.Post("createalias", new { AliasName = alias, TargetKeyId = keyId })).EnsureOk();

        foreach (var reference in new[] { keyId, KmsArns.Key(keyId), alias, KmsArns.Alias(alias) })
        {
            var metadata = await Describe(reference);
            Assert.Equal(keyId, (string)metadata["KeyId"]!);
            Assert.Equal("by any name", (string)metadata["Description"]!);
        }
    }

    [Theory]
    [InlineData("arn:aws:kms:eu-west-1:000000000000:key/")]
    [InlineData("arn:aws:kms:us-east-1:111111111111:key/")]
    public async Task A_key_ARN_of_another_region_or_account_is_NotFound(string foreignPrefix)
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("describekey", new { KeyId = foreignPrefix + keyId });
        response.AssertError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task Describekey_of_an_unknown_key_or_alias_is_NotFound_and_without_KeyId_is_a_ValidationException()
    {
        foreach (var reference in new[] { Guid.NewGuid().ToString(), "alias/no-such-alias", KmsArns.Alias("alias/no-such-alias"), "not a key" })
        {
            var response = await _client.Post("describekey", new { KeyId = reference });
            response.AssertError(HttpStatusCode.NotFound, "NotFoundException");
        }
        var missing = await _client.Post("describekey", new { });
        missing.AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Fact]
    public async Task Listkeys_pages_with_Limit_and_Marker_cover_every_key_exactly_once_in_order()
    {
        for (var i = 0; i < 5; i++) await _client.CreateKey($"paged {i}");
        var all = await ListAllKeyIds();
        Assert.True(all.Count >= 5);

        var (items, pages) = await Paging.ReadAll(_client, "listkeys", "KeyMetadata", limit: 2);

        Assert.Equal(all, items.Select(k => (string)k["KeyId"]!));
        Assert.Equal((all.Count + 1) / 2, pages);
    }

    [Fact]
    public async Task Listkeys_without_a_Limit_is_not_truncated()
    {
        await _client.CreateKey();
        var response = await _client.Post("listkeys", new { });
        response.EnsureOk();
        Assert.False((bool)response.Json!["Truncated"]!);
        Assert.Null(response.Json!["NextMarker"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Listkeys_with_a_Limit_outside_1_to_1000_is_a_ValidationException(int limit)
    {
        var response = await _client.Post("listkeys", new { Limit = limit });
        response.AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [InlineData("not-a-marker")]
    [InlineData("")]
    [InlineData("alias/orders")]
    public async Task Listkeys_with_a_marker_it_did_not_give_is_an_InvalidMarkerException(string marker)
    {
        var response = await _client.Post("listkeys", new { Marker = marker });
        response.AssertError(HttpStatusCode.BadRequest, "InvalidMarkerException");
    }

    [Fact]
    public async Task Listkeys_reports_the_new_fields_of_each_key()
    {
        var hmac = (string)(await CreateKey(new { KeySpec = "HMAC_384" }))["KeyId"]!;
        var response = await _client.Post("listkeys", new { });
        var listed = response.Json!["KeyMetadata"]!.AsArray().Single(k => (string)k!["KeyId"]! == hmac)!;
        Assert.Equal("HMAC_384", (string)listed["KeySpec"]!);
        Assert.Equal("GENERATE_VERIFY_MAC", (string)listed["KeyUsage"]!);
        Assert.Equal(KmsArns.Key(hmac), (string)listed["Arn"]!);
    }

    [Fact]
    public async Task Updatekeydescription_changes_what_describekey_and_listkeys_show()
    {
        var keyId = await _client.CreateKey("before");
        var response = await _client.Post("updatekeydescription", new { KeyId = keyId, Description = "after" });
        response.EnsureOk();
        Assert.Empty(response.Json!.AsObject());

        Assert.Equal("after", (string)(await Describe(keyId))["Description"]!);
        var listed = (await _client.Post("listkeys", new { })).Json!["KeyMetadata"]!.AsArray().Single(k => (string)k!["KeyId"]! == keyId)!;
        Assert.Equal("after", (string)listed["Description"]!);
    }

    [Fact]
    public async Task Updatekeydescription_without_a_Description_or_of_a_missing_key_is_refused()
    {
        var keyId = await _client.CreateKey("kept");
        var noDescription = await _client.Post("updatekeydescription", new { KeyId = keyId });
        Assert.Equal("ValidationException", noDescription.ErrorType);
        var tooLong = await _client.Post("updatekeydescription", new { KeyId = keyId, Description = new string('d', 8193) });
        Assert.Equal("ValidationException", tooLong.ErrorType);
        var missing = await _client.Post("updatekeydescription", new { KeyId = Guid.NewGuid().ToString(), Description = "x" });
        Assert.Equal("NotFoundException", missing.ErrorType);
        Assert.Equal("kept", (string)(await Describe(keyId))["Description"]!);
    }

    [Fact]
    public async Task Disablekey_and_enablekey_change_KeyState_and_accept_an_alias()
    {
        var keyId = await _client.CreateKey();
        var alias = "alias/toggle-" + Guid.NewGuid().ToString("N");
        (await _client.Post("createalias", new { AliasName = alias, TargetKeyId = keyId })).EnsureOk();

        var disabled = await _client.Post("disablekey", new { KeyId = alias });
        disabled.EnsureOk();
        Assert.Equal("Disabled", (string)disabled.Json!["KeyMetadata"]!["KeyState"]!);
        Assert.Equal("Disabled", (string)(await Describe(keyId))["KeyState"]!);
        Assert.False((bool)(await Describe(keyId))["Enabled"]!);

        var enabled = await _client.Post("enablekey", new { KeyId = KmsArns.Key(keyId) });
        enabled.EnsureOk();
        Assert.Equal("Enabled", (string)enabled.Json!["KeyMetadata"]!["KeyState"]!);
        Assert.True((bool)(await Describe(alias))["Enabled"]!);
    }
}
