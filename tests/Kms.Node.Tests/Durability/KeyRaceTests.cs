using System.Net;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// Requests racing on one key through the real node, fired together: whatever order they are served in,
/// the limits hold and every answer is either a success or the refusal the rules name.
/// </summary>
public class KeyRaceTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private static string Outcome(GoKmsClient.Response response) => response.Status == HttpStatusCode.OK ? "ok" : response.ErrorType ?? response.Body;

    [Fact]
    public async Task Concurrent_on_demand_rotations_at_the_limit_never_make_more_versions_than_allowed()
    {
        var keyId = await _client.CreateKey();
        for (var i = 0; i < 8; i++) (await _client.Post("rotatekeyondemand", new { KeyId = keyId })).EnsureOk();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.Post("rotatekeyondemand", new { KeyId = keyId })));

        Assert.Equal(["LimitExceededException", "LimitExceededException", "LimitExceededException", "LimitExceededException",
            "LimitExceededException", "LimitExceededException", "ok", "ok"], answers.Select(Outcome).Order());
        var rotations = await _client.Post("listkeyrotations", new { KeyId = keyId });
        rotations.EnsureOk();
        Assert.Equal(10, rotations.Json!["Rotations"]!.AsArray().Count);
        (await _client.Post("rotatekeyondemand", new { KeyId = keyId })).AssertError(HttpStatusCode.BadRequest, "LimitExceededException");
    }

    [Fact]
    public async Task Concurrent_tagging_at_the_limit_never_passes_50_tags_and_keeps_exactly_the_accepted_ones()
    {
        var keyId = await _client.CreateKey();
        var initial = Enumerable.Range(0, 47).Select(i => new { TagKey = $"initial-{i:00}", TagValue = "v" }).ToArray();
        (await _client.Post("tagresource", new { KeyId = keyId, Tags = initial })).EnsureOk();

        // Three tags fit: racers adding one new tag, two new tags, or retagging an existing key (which adds nothing).
        // Six single racers make sure the three places are taken, whichever order the key serves them in.
        var requests = Enumerable.Range(0, 6).Select(i => new { TagKey = $"racer-{i}", TagValue = "v" })
            .Select(tag => new[] { tag })
            .Append([new { TagKey = "pair-a", TagValue = "v" }, new { TagKey = "pair-b", TagValue = "v" }])
            .Append([new { TagKey = "initial-00", TagValue = "changed" }])
            .ToList();
        var answers = await Task.WhenAll(requests.Select(tags => _client.Post("tagresource", new { KeyId = keyId, Tags = tags })));

        Assert.All(answers, a => Assert.Contains(Outcome(a), new[] { "ok", "LimitExceededException" }));
        Assert.Equal("ok", Outcome(answers[^1]));
        var listed = await _client.Post("listresourcetags", new { KeyId = keyId, Limit = 50 });
        listed.EnsureOk();
        var stored = listed.Json!["Tags"]!.AsArray().ToDictionary(t => (string)t!["TagKey"]!, t => (string)t!["TagValue"]!);
        Assert.Equal(50, stored.Count);
        var accepted = requests.Zip(answers, (tags, answer) => (Tags: tags, Answer: answer))
            .Where(p => p.Answer.Status == HttpStatusCode.OK).SelectMany(p => p.Tags.Select(t => t.TagKey));
        var expected = initial.Select(t => t.TagKey).Concat(accepted).ToHashSet();
        Assert.Equal(expected.Order(), stored.Keys.Order());
        Assert.Equal("changed", stored["initial-00"]);
    }

    [Fact]
    public async Task Aliases_created_while_the_key_is_scheduled_for_deletion_are_refused_once_the_schedule_is_answered()
    {
        var keyId = await _client.CreateKey();
        var scheduled = 0;
        var attempts = new System.Collections.Concurrent.ConcurrentBag<(string Alias, bool AfterSchedule, GoKmsClient.Response Response)>();

        async Task CreateAliases(int worker)
        {
            for (var i = 0; ; i++)
            {
                var after = Volatile.Read(ref scheduled) == 1;
                var alias = $"alias/race-{worker}-{i}-{Guid.NewGuid():N}";
                attempts.Add((alias, after, await _client.Post("createalias", new { AliasName = alias, TargetKeyId = keyId })));
                if (after && i >= 3) return;
            }
        }

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() => CreateAliases(w))).ToList();
        GoKmsClient.Response schedule;
        try
        {
            schedule = await _client.Post("schedulekeydeletion", new { KeyId = keyId, PendingWindowInDays = 7 });
        }
        finally
        {
            Volatile.Write(ref scheduled, 1);
            await Task.WhenAll(workers);
        }
        schedule.EnsureOk();

        Assert.All(attempts, a => Assert.Contains(Outcome(a.Response), new[] { "ok", "KMSInvalidStateException" }));
        Assert.All(attempts.Where(a => a.AfterSchedule), a => a.Response.AssertError(HttpStatusCode.Conflict, "KMSInvalidStateException"));
        var listed = await _client.Post("listaliases", new { KeyId = keyId, Limit = 1000 });
        listed.EnsureOk();
        var aliases = listed.Json!["Aliases"]!.AsArray().Select(a => (string)a!["AliasName"]!).Order().ToList();
        Assert.Equal(attempts.Where(a => a.Response.Status == HttpStatusCode.OK).Select(a => a.Alias).Order(), aliases);
        foreach (var (alias, _, _) in attempts.Where(a => a.Response.Status != HttpStatusCode.OK))
            (await _client.Post("describekey", new { KeyId = alias })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
    }
}
