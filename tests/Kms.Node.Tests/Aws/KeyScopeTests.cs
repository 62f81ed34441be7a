using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Kms.Actors.Keys;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Aws;

/// <summary>
/// Principals limited by <c>keys</c> patterns, against the real node over HTTPS: alias names are in the scope
/// too, and listings walked one item at a time reveal nothing outside it and wake no key (issue 23, items 5 and 6).
/// </summary>
public class KeyScopeTests(KeyScopeTests.Fixture fixture) : IClassFixture<KeyScopeTests.Fixture>, IDisposable
{
    public const string TeamAdminKey = "AKIATEAMADMIN000001", TeamAdminSecret = "team-admin-secret-0123456789abcdefghij";
    public const string TeamReaderKey = "AKIATEAMREAD0000001", TeamReaderSecret = "team-reader-secret-0123456789abcdefghi";

    private readonly AwsClient _admin = fixture.Aws(PrincipalsFixture.AdminKey, PrincipalsFixture.AdminSecret);
    private readonly AwsClient _teamAdmin = fixture.Aws(TeamAdminKey, TeamAdminSecret);
    private readonly AwsClient _teamReader = fixture.Aws(TeamReaderKey, TeamReaderSecret);

    public void Dispose()
    {
        _admin.Dispose();
        _teamAdmin.Dispose();
        _teamReader.Dispose();
    }

    /// <summary>A node whose principals file adds an admin and a reader limited to <c>alias/team-*</c>, with keys passivating after one idle second.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestDirectory _directory = new();

        public InProcessNode Node { get; private set; } = null!;

        public AwsClient Aws(string accessKeyId, string secret) => new(Node.Address, accessKeyId, secret, Node.Files.Certificate);

        public async Task InitializeAsync()
        {
            var path = Path.Combine(_directory.Path, "principals.json");
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(PrincipalsFixture.Document(
                PrincipalsFixture.AdminPrincipal,
                new { name = "team-admin", role = "admin", accessKeyId = TeamAdminKey, secretAccessKey = TeamAdminSecret, keys = new[] { "alias/team-*" } },
                new { name = "team-reader", role = "read", accessKeyId = TeamReaderKey, secretAccessKey = TeamReaderSecret, keys = new[] { "alias/team-*" } })));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Node = await InProcessNode.Start(new NodeFiles(_directory.Path), new Dictionary<string, string?>
            {
                ["Kms:Auth:PrincipalsFile"] = path,
                ["Kms:Keys:PassivateIdleAfter"] = "00:00:01",
            });
        }

        public async Task DisposeAsync()
        {
            await Node.DisposeAsync();
            _directory.Dispose();
        }
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task<string> CreateKey() => (string)(await _admin.Post("CreateKey", new { })).Json!["KeyMetadata"]!["KeyId"]!;

    private async Task Alias(string name, string keyId) => (await _admin.Post("CreateAlias", new { AliasName = name, TargetKeyId = keyId })).EnsureOk();

    private async Task<string?> TargetOf(string aliasName) =>
        (await _admin.Post("ListAliases", new { Limit = 1000 })).Json!["Aliases"]!.AsArray()
            .Where(a => (string)a!["AliasName"]! == aliasName).Select(a => (string?)a!["TargetKeyId"]).SingleOrDefault();

    private static void AssertDenied(GoKmsClient.Response response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("AccessDeniedException", response.ErrorType);
    }

    [Fact]
    public async Task A_key_restricted_admin_cannot_create_repoint_or_delete_alias_names_outside_its_patterns()
    {
        var (run, mine, mineToo) = (Unique(), await CreateKey(), await CreateKey());
        await Alias($"alias/team-{run}", mine);
        await Alias($"alias/team-b-{run}", mineToo);
        // Another team's application names its key by this alias; it happens to point at the team's key today.
        var foreign = $"alias/other-{run}";
        await Alias(foreign, mine);

        AssertDenied(await _teamAdmin.Post("CreateAlias", new { AliasName = $"alias/other-new-{run}", TargetKeyId = mine }));
        Assert.Null(await TargetOf($"alias/other-new-{run}"));
        AssertDenied(await _teamAdmin.Post("UpdateAlias", new { AliasName = foreign, TargetKeyId = mineToo }));
        AssertDenied(await _teamAdmin.Post("DeleteAlias", new { AliasName = foreign }));
        Assert.Equal(mine, await TargetOf(foreign));

        (await _teamAdmin.Post("CreateAlias", new { AliasName = $"alias/team-c-{run}", TargetKeyId = mine })).EnsureOk();
        (await _teamAdmin.Post("UpdateAlias", new { AliasName = $"alias/team-c-{run}", TargetKeyId = mineToo })).EnsureOk();
        Assert.Equal(mineToo, await TargetOf($"alias/team-c-{run}"));
        (await _teamAdmin.Post("DeleteAlias", new { AliasName = $"alias/team-c-{run}" })).EnsureOk();
        Assert.Null(await TargetOf($"alias/team-c-{run}"));
    }

    [Fact]
    public async Task Listings_walked_one_item_at_a_time_reveal_nothing_outside_the_scope_and_wake_no_key()
    {
        var run = Unique();
        var visible = new List<string>();
        var hidden = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var keyId = await CreateKey();
            await Alias($"alias/team-list-{i}-{run}", keyId);
            visible.Add(keyId);
        }
        for (var i = 0; i < 4; i++)
        {
            var keyId = await CreateKey();
            if (i % 2 == 0) await Alias($"alias/zz-{i}-{run}", keyId);
            hidden.Add(keyId);
        }
        var inScope = (await _admin.Post("ListAliases", new { Limit = 1000 })).Json!["Aliases"]!.AsArray()
            .Where(a => ((string)a!["AliasName"]!).StartsWith("alias/team-", StringComparison.Ordinal))
            .Select(a => (string)a!["TargetKeyId"]!).ToHashSet();
        await Eventually.Until(() => LiveKeyActors(), live => live.Count == 0, "every key actor has passivated", TimeSpan.FromSeconds(60));

        var keysSeen = await Walk("ListKeys", "Keys", key => [(string)key["KeyId"]!]);
        var aliasesSeen = await Walk("ListAliases", "Aliases", alias => [(string)alias["AliasName"]!, (string)alias["TargetKeyId"]!]);

        Assert.Superset(visible.ToHashSet(), keysSeen.ToHashSet());
        Assert.Subset(inScope, keysSeen.ToHashSet());
        Assert.All(hidden, keyId => Assert.DoesNotContain(keyId, keysSeen.Concat(aliasesSeen)));
        Assert.DoesNotContain(aliasesSeen, name => name.StartsWith("alias/zz-", StringComparison.Ordinal));
        Assert.All(aliasesSeen.Where(v => !v.StartsWith("alias/", StringComparison.Ordinal)), target => Assert.Contains(target, inScope));
    }

    /// <summary>
    /// Every value a listing shows the team reader, page by page with <c>Limit</c> 1 (items and markers alike),
    /// checking after each page that no key actor was started to answer it.
    /// </summary>
    private async Task<List<string>> Walk(string operation, string itemsField, Func<JsonNode, string[]> valuesOf)
    {
        var seen = new List<string>();
        string? marker = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var body = marker is null ? (object)new { Limit = 1 } : new { Limit = 1, Marker = marker };
            var response = await _teamReader.Post(operation, body);
            response.EnsureOk();
            seen.AddRange(response.Json![itemsField]!.AsArray().SelectMany(item => valuesOf(item!)));
            marker = (string?)response.Json!["NextMarker"];
            if (marker is not null) seen.Add(marker);
            Assert.Empty(await LiveKeyActors());
            if (marker is null) return seen;
        }
        throw new Xunit.Sdk.XunitException($"{operation} never stopped paging.");
    }

    private async Task<IReadOnlySet<string>> LiveKeyActors()
    {
        var region = ClusterSharding.Get(fixture.Node.Services.GetRequiredService<ActorSystem>()).ShardRegion(KeyShardHostingExtensions.TypeName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }
}
