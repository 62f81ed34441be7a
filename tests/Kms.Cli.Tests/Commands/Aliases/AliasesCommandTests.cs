using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Commands.Aliases;

public class AliasesCommandTests(KmsToolFixture fixture) : IClassFixture<KmsToolFixture>
{
    private readonly KmsTool _kms = fixture.Kms;

    private static string UniqueAlias() => "alias/cli-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string?> TargetOf(string alias)
    {
        var aliases = (await _kms.Run("aliases", "list", "--output", "json")).Ok().Json["Aliases"]!.AsArray();
        return aliases.Where(a => (string)a!["AliasName"]! == alias).Select(a => (string?)a!["TargetKeyId"]).SingleOrDefault();
    }

    [Fact]
    public async Task Create_update_and_delete_move_an_alias_between_keys()
    {
        var first = await fixture.CreateKey();
        var second = await fixture.CreateKey();
        var alias = UniqueAlias();

        Assert.Equal($"Created {alias} -> {first}.\n", (await _kms.Run("aliases", "create", alias, first)).Ok().Stdout);
        Assert.Equal(first, await TargetOf(alias));
        var describedByAlias = (await _kms.Run("keys", "describe", alias, "--output", "json")).Ok().Json;
        Assert.Equal(first, (string)describedByAlias["KeyMetadata"]!["KeyId"]!);

        (await _kms.Run("aliases", "update", alias, second)).Ok();
        Assert.Equal(second, await TargetOf(alias));

        (await _kms.Run("aliases", "delete", alias)).Ok();
        Assert.Null(await TargetOf(alias));
        (await _kms.Run("keys", "describe", alias)).Failed(1, "kms: NotFoundException: ");
    }

    [Fact]
    public async Task The_alias_prefix_may_be_left_out()
    {
        var keyId = await fixture.CreateKey();
        var alias = UniqueAlias();
        (await _kms.Run("aliases", "create", alias["alias/".Length..], keyId)).Ok();
        Assert.Equal(keyId, await TargetOf(alias));
    }

    [Fact]
    public async Task Encryption_by_alias_uses_the_key_it_names()
    {
        var keyId = await fixture.CreateKey();
        var alias = UniqueAlias();
        (await _kms.Run("aliases", "create", alias, keyId)).Ok();
        var blob = (await _kms.Run("by alias"u8.ToArray(), "encrypt", "--key-id", alias)).Ok().StdoutBytes;
        (await _kms.Run(blob, "decrypt", "--key-id", keyId)).Ok();
    }

    [Fact]
    public async Task Both_listings_show_an_alias_beside_its_key_and_the_table_has_headers()
    {
        var keyId = await fixture.CreateKey();
        var alias = UniqueAlias();
        (await _kms.Run("aliases", "create", alias, keyId)).Ok();

        var aliases = (await _kms.Run("aliases", "list", "--key-id", keyId)).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ALIAS", aliases[0]);
        Assert.Matches($"^{alias} +{keyId} ", Assert.Single(aliases[1..]));

        var keys = (await _kms.Run("keys", "list")).Ok().Stdout.Split('\n');
        Assert.Contains(alias, keys.Single(l => l.StartsWith(keyId, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Listing_pages_through_more_aliases_than_fit_on_one_page()
    {
        var keyId = await fixture.CreateKey();
        var created = new List<string>();
        for (var i = 0; i < 105; i++)
        {
            var alias = $"alias/page-{i:000}-{Guid.NewGuid():N}";
            (await _kms.Run("aliases", "create", alias, keyId)).Ok();
            created.Add(alias);
        }
        var listed = (await _kms.Run("aliases", "list", "--key-id", keyId, "--output", "json")).Ok().Json["Aliases"]!.AsArray()
            .Select(a => (string)a!["AliasName"]!).ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Creating_an_alias_twice_exits_1_with_AlreadyExistsException()
    {
        var keyId = await fixture.CreateKey();
        var alias = UniqueAlias();
        (await _kms.Run("aliases", "create", alias, keyId)).Ok();
        (await _kms.Run("aliases", "create", alias, keyId)).Failed(1, "kms: AlreadyExistsException: ");
    }
}
