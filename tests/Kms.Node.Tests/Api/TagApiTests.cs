using System.Net;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Api;

public class TagApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private static object[] Tags(params (string? Key, string? Value)[] tags) =>
        tags.Select(t => (object)new { TagKey = t.Key, TagValue = t.Value }).ToArray();

    private static (string? Key, string? Value)[] Numbered(int from, int count) =>
        Enumerable.Range(from, count).Select(i => ((string?)$"tag-{i:D3}", (string?)$"value {i}")).ToArray();

    private async Task<List<(string Key, string Value)>> ListTags(string keyReference)
    {
        var response = await _client.Post("listresourcetags", new { KeyId = keyReference });
        response.EnsureOk();
        Assert.False((bool)response.Json!["Truncated"]!);
        return response.Json!["Tags"]!.AsArray().Select(t => ((string)t!["TagKey"]!, (string)t["TagValue"]!)).ToList();
    }

    private async Task Tag(string keyReference, params (string? Key, string? Value)[] tags)
    {
        var response = await _client.Post("tagresource", new { KeyId = keyReference, Tags = Tags(tags) });
        response.EnsureOk();
        Assert.Empty(response.Json!.AsObject());
    }


    [Fact]
    public async Task A_new_key_has_no_tags()
    {
        var keyId = await _client.CreateKey();
        Assert.Empty(await ListTags(keyId));
    }

    [Fact]
    public async Task Tagresource_adds_tags_that_listresourcetags_returns_sorted_by_key()
    {
        var keyId = await _client.CreateKey();
        await Tag(keyId, ("zone", "b"), ("app", "billing"));
        await Tag(keyId, ("Owner", "ops"), ("empty", ""));
        Assert.Equal([("Owner", "ops"), ("app", "billing"), ("empty", ""), ("zone", "b")], await ListTags(keyId));
    }

    [Fact]
    public async Task Tagresource_with_an_existing_tag_key_replaces_its_value()
    {
        var keyId = await _client.CreateKey();
        await Tag(keyId, ("env", "staging"), ("team", "a"));
        await Tag(keyId, ("env", "prod"));
        Assert.Equal([("env", "prod"), ("team", "a")], await ListTags(keyId));
    }

    [Fact]
    public async Task Tag_operations_accept_a_key_ARN_and_an_alias()
    {
        var keyId = await _client.CreateKey();
        var alias = $"alias/tagged-{Guid.NewGuid():N}";
        (await _client.Post("createalias", new { AliasName = alias, TargetKeyId = keyId })).EnsureOk();

        await Tag(KmsArns.Key(keyId), ("a", "1"));
        await Tag(alias, ("b", "2"));
        await Tag(KmsArns.Alias(alias), ("c", "3"));
        (await _client.Post("untagresource", new { KeyId = alias, TagKeys = new[] { "a" } })).EnsureOk();
        Assert.Equal([("b", "2"), ("c", "3")], await ListTags(KmsArns.Alias(alias)));
        Assert.Equal([("b", "2"), ("c", "3")], await ListTags(keyId));
    }

    [Fact]
    public async Task Listresourcetags_pages_with_Limit_and_Marker_cover_every_tag_exactly_once()
    {
        var keyId = await _client.CreateKey();
        await Tag(keyId, Numbered(0, 5));
        var all = await ListTags(keyId);

        var (items, pages) = await Paging.ReadAll(_client, "listresourcetags", "Tags", limit: 2, new JsonObject { ["KeyId"] = keyId });

        Assert.Equal(3, pages);
        Assert.Equal(5, all.Count);
        Assert.Equal(all, items.Select(t => ((string)t["TagKey"]!, (string)t["TagValue"]!)));
    }

    [Fact]
    public async Task Untagresource_removes_the_named_tags_and_ignores_unknown_ones()
    {
        var keyId = await _client.CreateKey();
        await Tag(keyId, ("a", "1"), ("b", "2"), ("c", "3"));
        var response = await _client.Post("untagresource", new { KeyId = keyId, TagKeys = new[] { "a", "c", "not-there" } });
        response.EnsureOk();
        Assert.Empty(response.Json!.AsObject());
        Assert.Equal([("b", "2")], await ListTags(keyId));

        (await _client.Post("untagresource", new { KeyId = keyId, TagKeys = new[] { "not-there" } })).EnsureOk();
        Assert.Equal([("b", "2")], await ListTags(keyId));
    }

    public static TheoryData<string, string> InvalidTagBodies() => new()
    {
        { "no TagKey", "[{\"TagValue\":\"v\"}]" },
        { "no TagValue", "[{\"TagKey\":\"k\"}]" },
        { "empty TagKey", "[{\"TagKey\":\"\",\"TagValue\":\"v\"}]" },
        { "TagKey of 129 characters", $"[{{\"TagKey\":\"{new string('k', 129)}\",\"TagValue\":\"v\"}}]" },
        { "TagValue of 257 characters", $"[{{\"TagKey\":\"k\",\"TagValue\":\"{new string('v', 257)}\"}}]" },
        { "reserved aws: prefix", "[{\"TagKey\":\"aws:owner\",\"TagValue\":\"v\"}]" },
        { "reserved AWS: prefix", "[{\"TagKey\":\"AWS:owner\",\"TagValue\":\"v\"}]" },
        { "one TagKey twice", "[{\"TagKey\":\"k\",\"TagValue\":\"1\"},{\"TagKey\":\"k\",\"TagValue\":\"2\"}]" },
        { "no tags at all", "[]" },
    };

    [Theory]
    [MemberData(nameof(InvalidTagBodies))]
    public async Task Tagresource_with_invalid_tags_is_a_TagException_and_changes_nothing(string why, string tagsJson)
    {
        var keyId = await _client.CreateKey();
        await Tag(keyId, ("kept", "yes"));
        var response = await _client.Post("tagresource", $"{{\"KeyId\":\"{keyId}\",\"Tags\":{tagsJson}}}");
        Assert.True(response.Status == HttpStatusCode.BadRequest && response.ErrorType == "TagException", $"{why}: got {(int)response.Status} {response.Body}");
        Assert.Equal([("kept", "yes")], await ListTags(keyId));
    }

    [Fact]
    public async Task Tags_at_the_length_limits_are_accepted()
    {
        var keyId = await _client.CreateKey();
        var key = new string('k', 128);
        var value = new string('v', 256);
        await Tag(keyId, (key, value));
        Assert.Equal([(key, value)], await ListTags(keyId));
    }

    [Fact]
    public async Task Tagresource_without_Tags_and_untagresource_without_TagKeys_are_ValidationExceptions()
    {
        var keyId = await _client.CreateKey();
        (await _client.Post("tagresource", new { KeyId = keyId })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
        (await _client.Post("untagresource", new { KeyId = keyId })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Fact]
    public async Task Untagresource_with_an_empty_list_is_a_TagException()
    {
        var keyId = await _client.CreateKey();
        (await _client.Post("untagresource", new { KeyId = keyId, TagKeys = Array.Empty<string>() })).AssertError(HttpStatusCode.BadRequest, "TagException");
    }

    [Fact]
    public async Task Fifty_tags_are_allowed_and_a_51st_is_LimitExceededException()
    {
        var keyId = await _client.CreateKey();
        await Tag(keyId, Numbered(0, 30));
        await Tag(keyId, Numbered(30, 20));
        Assert.Equal(50, (await ListTags(keyId)).Count);

        (await _client.Post("tagresource", new { KeyId = keyId, Tags = Tags(Numbered(50, 1)) })).AssertError(HttpStatusCode.BadRequest, "LimitExceededException");
        await Tag(keyId, ("tag-000", "replaced"));
        var tags = await ListTags(keyId);
        Assert.Equal(50, tags.Count);
        Assert.Equal(("tag-000", "replaced"), tags[0]);
    }

    [Fact]
    public async Task More_than_50_tags_in_one_request_is_LimitExceededException()
    {
        var keyId = await _client.CreateKey();
        (await _client.Post("tagresource", new { KeyId = keyId, Tags = Tags(Numbered(0, 51)) })).AssertError(HttpStatusCode.BadRequest, "LimitExceededException");
        Assert.Empty(await ListTags(keyId));
        (await _client.Post("createkey", new { Tags = Tags(Numbered(0, 51)) })).AssertError(HttpStatusCode.BadRequest, "LimitExceededException");
    }

    [Fact]
    public async Task Tag_operations_on_a_missing_key_are_NotFound()
    {
        var missing = Guid.NewGuid().ToString();
        (await _client.Post("tagresource", new { KeyId = missing, Tags = Tags(("a", "1")) })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
        (await _client.Post("untagresource", new { KeyId = missing, TagKeys = new[] { "a" } })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
        (await _client.Post("listresourcetags", new { KeyId = missing })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
        (await _client.Post("listresourcetags", new { KeyId = "alias/no-such-alias" })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task Tags_survive_a_disable_and_an_enable()
    {
        var keyId = await _client.CreateKey();
        await Tag(keyId, ("a", "1"));
        (await _client.Post("disablekey", new { KeyId = keyId })).EnsureOk();
        await Tag(keyId, ("b", "2"));
        (await _client.Post("enablekey", new { KeyId = keyId })).EnsureOk();
        Assert.Equal([("a", "1"), ("b", "2")], await ListTags(keyId));
    }
}
