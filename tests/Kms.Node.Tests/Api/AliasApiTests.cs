using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Api;

public class AliasApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private static string NewAliasName(string stem) => $"alias/{stem}-{Guid.NewGuid():N}";

    /// <summary>The key id a blob names, from its header (docs/ciphertext-format.md).</summary>
    private static string KeyIdOf(string blob)
    {
        var bytes = Convert.FromBase64String(blob);
        return Encoding.UTF8.GetString(bytes, 3, bytes[2]);
    }

    private async Task<string> CreateAlias(string keyId, string? aliasName = null)
    {
        aliasName ??= NewAliasName("a");
        var response = await _client.Post("createalias", new { AliasName = aliasName, TargetKeyId = keyId });
        response.EnsureOk();
        Assert.Empty(response.Json!.AsObject());
        return aliasName;
    }

    private async Task<List<JsonObject>> ListAliases(object body)
    {
        var response = await _client.Post("listaliases", body);
        response.EnsureOk();
        return response.Json!["Aliases"]!.AsArray().Select(a => a!.AsObject()).ToList();
    }

    [Fact]
    public async Task Encrypt_through_an_alias_name_or_alias_ARN_uses_the_target_key_and_decrypts()
    {
        var keyId = await _client.CreateKey();
        var alias = await CreateAlias(keyId);

        foreach (var reference in new[] { alias, KmsArns.Alias(alias) })
        {
            var blob = await _client.Encrypt(reference, [1, 2, 3]);
            Assert.Equal(keyId, KeyIdOf(blob));
            Assert.Equal(new byte[] { 1, 2, 3 }, await _client.Decrypt(blob));
            var withKeyId = await _client.Post("decrypt", new { CiphertextBlob = blob, KeyId = reference });
            withKeyId.EnsureOk();
        }
    }

    [Fact]
    public async Task Createalias_accepts_a_key_ARN_as_target()
    {
        var keyId = await _client.CreateKey();
        var alias = await CreateAlias(KmsArns.Key(keyId));
        Assert.Equal(keyId, KeyIdOf(await _client.Encrypt(alias, [1])));
    }

    [Fact]
    public async Task Listaliases_shows_each_alias_with_its_ARN_target_and_dates_sorted_by_name()
    {
        var keyId = await _client.CreateKey();
        var alias = await CreateAlias(keyId);

        var all = await ListAliases(new { });
        var names = all.Select(a => (string)a["AliasName"]!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var listed = all.Single(a => (string)a["AliasName"]! == alias);
        Assert.Equal(KmsArns.Alias(alias), (string)listed["AliasArn"]!);
        Assert.Equal(keyId, (string)listed["TargetKeyId"]!);
        var created = DateTimeOffset.Parse((string)listed["CreationDate"]!);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(created, DateTimeOffset.Parse((string)listed["LastUpdatedDate"]!));
    }

    [Fact]
    public async Task Listaliases_filtered_by_KeyId_shows_only_that_keys_aliases()
    {
        var keyId = await _client.CreateKey();
        var other = await _client.CreateKey();
        var mine = new[] { await CreateAlias(keyId, NewAliasName("mine-b")), await CreateAlias(keyId, NewAliasName("mine-a")) };
        await CreateAlias(other);

        foreach (var reference in new[] { keyId, KmsArns.Key(keyId), mine[0] })
        {
            var listed = await ListAliases(new { KeyId = reference });
            Assert.Equal(mine.Order(StringComparer.Ordinal), listed.Select(a => (string)a["AliasName"]!));
            Assert.All(listed, a => Assert.Equal(keyId, (string)a["TargetKeyId"]!));
        }

        var missing = await _client.Post("listaliases", new { KeyId = NewAliasName("missing") });
        missing.AssertError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task Listaliases_pages_with_Limit_and_Marker_cover_every_alias_exactly_once()
    {
        var keyId = await _client.CreateKey();
        for (var i = 0; i < 5; i++) await CreateAlias(keyId, NewAliasName("paged"));
        var all = (await ListAliases(new { KeyId = keyId })).Select(a => (string)a["AliasName"]!).ToList();
        Assert.Equal(5, all.Count);

        var (items, pages) = await Paging.ReadAll(_client, "listaliases", "Aliases", limit: 2, new JsonObject { ["KeyId"] = keyId });

        Assert.Equal(3, pages);
        Assert.Equal(all, items.Select(a => (string)a["AliasName"]!));
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("")]
    public async Task Listaliases_with_a_marker_it_did_not_give_is_an_InvalidMarkerException(string marker)
    {
        var response = await _client.Post("listaliases", new { Marker = marker });
        response.AssertError(HttpStatusCode.BadRequest, "InvalidMarkerException");
    }

    [Fact]
    public async Task Updatealias_retargets_the_alias_to_another_key()
    {
        var oldKey = await _client.CreateKey();
        var newKey = await _client.CreateKey();
        var alias = await CreateAlias(oldKey);
        var oldBlob = await _client.Encrypt(alias, [1]);

        var response = await _client.Post("updatealias", new { AliasName = alias, TargetKeyId = newKey });
        response.EnsureOk();
        Assert.Empty(response.Json!.AsObject());

        var newBlob = await _client.Encrypt(alias, [2]);
        Assert.Equal(newKey, KeyIdOf(newBlob));
        var moved = await _client.Post("reencrypt", new { CiphertextBlob = oldBlob, DestinationKeyId = alias });
        moved.EnsureOk();
        Assert.Equal(oldKey, (string)moved.Json!["SourceKeyID"]!);
        Assert.Equal(newKey, (string)moved.Json!["KeyID"]!);

        (await _client.Post("disablekey", new { KeyId = oldKey })).EnsureOk();
        Assert.Equal(new byte[] { 2 }, await _client.Decrypt(await _client.Encrypt(alias, [2])));
        Assert.Equal(newKey, (string)(await _client.Post("describekey", new { KeyId = alias })).Json!["KeyMetadata"]!["KeyId"]!);

        var listed = (await ListAliases(new { KeyId = newKey })).Single(a => (string)a["AliasName"]! == alias);
        Assert.True(DateTimeOffset.Parse((string)listed["LastUpdatedDate"]!) >= DateTimeOffset.Parse((string)listed["CreationDate"]!));
        Assert.DoesNotContain(await ListAliases(new { KeyId = oldKey }), a => (string)a["AliasName"]! == alias);
    }

    [Fact]
    public async Task Updatealias_of_a_missing_alias_or_to_a_missing_key_is_NotFound()
    {
        var keyId = await _client.CreateKey();
        var missingAlias = await _client.Post("updatealias", new { AliasName = NewAliasName("missing"), TargetKeyId = keyId });
        missingAlias.AssertError(HttpStatusCode.NotFound, "NotFoundException");

        var alias = await CreateAlias(keyId);
        var missingKey = await _client.Post("updatealias", new { AliasName = alias, TargetKeyId = Guid.NewGuid().ToString() });
        missingKey.AssertError(HttpStatusCode.NotFound, "NotFoundException");
        Assert.Equal(keyId, KeyIdOf(await _client.Encrypt(alias, [1])));
    }

    [Fact]
    public async Task Deletealias_removes_the_alias_but_not_the_key()
    {
        var keyId = await _client.CreateKey();
        var alias = await CreateAlias(keyId);
        var blob = await _client.Encrypt(alias, [7]);

        var response = await _client.Post("deletealias", new { AliasName = alias });
        response.EnsureOk();
        Assert.Empty(response.Json!.AsObject());

        foreach (var (operation, body) in new (string, object)[]
                 {
                     ("encrypt", new { KeyId = alias, Plaintext = "AQ==" }),
                     ("describekey", new { KeyId = alias }),
                     ("describekey", new { KeyId = KmsArns.Alias(alias) }),
                     ("deletealias", new { AliasName = alias }),
                 })
        {
            var refused = await _client.Post(operation, body);
            refused.AssertError(HttpStatusCode.NotFound, "NotFoundException");
        }
        Assert.DoesNotContain(await ListAliases(new { }), a => (string)a["AliasName"]! == alias);
        Assert.Equal(new byte[] { 7 }, await _client.Decrypt(blob));
        Assert.Equal(keyId, KeyIdOf(await _client.Encrypt(keyId, [1])));
    }

    [Fact]
    public async Task Listing_the_aliases_of_a_key_that_does_not_exist_is_NotFound_not_an_empty_list()
    {
        var missing = await _client.Post("listaliases", new { KeyId = Guid.NewGuid().ToString() });
        missing.AssertError(HttpStatusCode.NotFound, "NotFoundException");

        var keyId = await _client.CreateKey();
        Assert.Empty(await ListAliases(new { KeyId = keyId }));
    }

    [Fact]
    public async Task A_deleted_alias_name_can_be_created_again_for_another_key()
    {
        var first = await _client.CreateKey();
        var second = await _client.CreateKey();
        var alias = await CreateAlias(first);
        (await _client.Post("deletealias", new { AliasName = alias })).EnsureOk();
        await CreateAlias(second, alias);
        Assert.Equal(second, KeyIdOf(await _client.Encrypt(alias, [1])));
    }

    [Fact]
    public async Task Createalias_of_an_existing_name_is_AlreadyExists_and_keeps_the_first_target()
    {
        var first = await _client.CreateKey();
        var second = await _client.CreateKey();
        var alias = await CreateAlias(first);

        foreach (var target in new[] { second, first })
        {
            var response = await _client.Post("createalias", new { AliasName = alias, TargetKeyId = target });
            response.AssertError(HttpStatusCode.Conflict, "AlreadyExistsException");
        }
        Assert.Equal(first, KeyIdOf(await _client.Encrypt(alias, [1])));
    }

    public static TheoryData<string> InvalidNames() => new()
    {
        "orders",
        "alias/",
        "Alias/orders",
        "alias/aws/orders",
        "alias/bad name",
        "alias/bad!name",
        "alias/bad:name",
        "alias/" + new string('a', 251),
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task Createalias_with_an_invalid_name_is_InvalidAliasNameException(string aliasName)
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("createalias", new { AliasName = aliasName, TargetKeyId = keyId });
        response.AssertError(HttpStatusCode.BadRequest, "InvalidAliasNameException");
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task Updatealias_with_an_invalid_name_is_InvalidAliasNameException(string aliasName)
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("updatealias", new { AliasName = aliasName, TargetKeyId = keyId });
        response.AssertError(HttpStatusCode.BadRequest, "InvalidAliasNameException");
    }

    [Theory]
    [InlineData("createalias")]
    [InlineData("updatealias")]
    public async Task An_alias_request_wrong_in_name_and_target_is_told_about_its_name(string operation)
    {
        var response = await _client.Post(operation, new { AliasName = "orders", TargetKeyId = "alias/other" });
        response.AssertError(HttpStatusCode.BadRequest, "InvalidAliasNameException");
        (await _client.Post(operation, new { })).AssertError(HttpStatusCode.BadRequest, "InvalidAliasNameException");
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("Alias/orders")]
    [InlineData("arn:aws:kms:us-east-1:000000000000:alias/orders")]
    public async Task Deletealias_of_a_name_without_the_alias_prefix_is_InvalidAliasNameException(string aliasName)
    {
        var response = await _client.Post("deletealias", new { AliasName = aliasName });
        response.AssertError(HttpStatusCode.BadRequest, "InvalidAliasNameException");
    }

    [Fact]
    public async Task An_alias_name_of_256_characters_is_allowed()
    {
        var keyId = await _client.CreateKey();
        var alias = "alias/" + Guid.NewGuid().ToString("N") + new string('x', 256 - 6 - 32);
        Assert.Equal(256, alias.Length);
        await CreateAlias(keyId, alias);
        Assert.Equal(keyId, KeyIdOf(await _client.Encrypt(alias, [1])));
    }

    [Fact]
    public async Task Createalias_without_a_name_or_target_is_refused()
    {
        var keyId = await _client.CreateKey();
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.Post("createalias", new { TargetKeyId = keyId })).Status);
        Assert.Equal("ValidationException", (await _client.Post("createalias", new { AliasName = NewAliasName("no-target") })).ErrorType);
    }

    [Fact]
    public async Task Createalias_to_a_missing_key_is_NotFound_and_creates_nothing()
    {
        var alias = NewAliasName("dangling");
        var response = await _client.Post("createalias", new { AliasName = alias, TargetKeyId = Guid.NewGuid().ToString() });
        response.AssertError(HttpStatusCode.NotFound, "NotFoundException");
        Assert.Equal("NotFoundException", (await _client.Post("describekey", new { KeyId = alias })).ErrorType);
        Assert.DoesNotContain(await ListAliases(new { }), a => (string)a["AliasName"]! == alias);
    }

    [Fact]
    public async Task An_alias_cannot_target_another_alias()
    {
        var keyId = await _client.CreateKey();
        var alias = await CreateAlias(keyId);
        foreach (var target in new[] { alias, KmsArns.Alias(alias) })
        {
            var response = await _client.Post("createalias", new { AliasName = NewAliasName("chained"), TargetKeyId = target });
            response.AssertError(HttpStatusCode.BadRequest, "ValidationException");
        }
    }

    [Fact]
    public async Task An_alias_cannot_be_pointed_at_a_key_pending_deletion()
    {
        var live = await _client.CreateKey();
        var doomed = await _client.CreateKey();
        (await _client.Post("schedulekeydeletion", new { KeyId = doomed })).EnsureOk();

        var create = await _client.Post("createalias", new { AliasName = NewAliasName("doomed"), TargetKeyId = doomed });
        create.AssertError(HttpStatusCode.Conflict, "KMSInvalidStateException");

        var alias = await CreateAlias(live);
        var update = await _client.Post("updatealias", new { AliasName = alias, TargetKeyId = doomed });
        Assert.Equal("KMSInvalidStateException", update.ErrorType);
        Assert.Equal(live, KeyIdOf(await _client.Encrypt(alias, [1])));
    }

    [Fact]
    public async Task Concurrent_createalias_of_one_name_to_many_keys_lets_exactly_one_win()
    {
        const int contenders = 16;
        var keys = new List<string>();
        for (var i = 0; i < contenders; i++) keys.Add(await _client.CreateKey($"contender {i}"));
        var alias = NewAliasName("contested");

        var responses = await Task.WhenAll(keys.Select(k => _client.Post("createalias", new { AliasName = alias, TargetKeyId = k })));

        var winners = keys.Zip(responses).Where(p => p.Item2.Status == HttpStatusCode.OK).Select(p => p.Item1).ToList();
        var winner = Assert.Single(winners);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.Conflict, "AlreadyExistsException"));
        Assert.Equal(winner, KeyIdOf(await _client.Encrypt(alias, [1])));
        var listed = (await ListAliases(new { })).Where(a => (string)a["AliasName"]! == alias).ToList();
        Assert.Equal(winner, (string)Assert.Single(listed)["TargetKeyId"]!);
    }
}
