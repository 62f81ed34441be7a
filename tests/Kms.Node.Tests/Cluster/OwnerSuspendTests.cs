using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Cluster;

/// <summary>
/// A node cut off from a key's owner stops serving the key within the lease time, with typed, retryable 503s, and
/// serves it again once the owner is back. The cut is a SIGSTOP of the owner (no network tools in tests): it answers
/// nothing, yet no connection closes, as behind a dropped link.
/// </summary>
[Collection("cluster")]
public class OwnerSuspendTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeyTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Beyond the lease, for a lease granted just before the stop to arrive and for the clocks' ticks.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    private static long After(long timestamp, TimeSpan span) => timestamp + (long)(span.TotalSeconds * Stopwatch.Frequency);

    [PostgresFact]
    public async Task A_node_cut_off_from_the_owner_answers_retryable_503s_for_its_keys_after_the_lease_and_serves_them_again_after()
    {
        await using var cluster = await TestCluster.Start(environment: new Dictionary<string, string>
        {
            ["Kms__Keys__LeaseDuration"] = "00:00:02",
            ["Kms__Api__KeyTimeout"] = "00:00:03",
            // The stopped node stays a member (unreachable, not downed), so its shards stay where they are.
            ["Kms__Cluster__DowningStableAfter"] = "00:02:00",
        });
        using var a = cluster.Nodes[0].Client();
        using var b = cluster.Nodes[1].Client();

        // New keys' shards go to the member with the fewest, so C owns about a third of them.
        var keys = new List<string>();
        for (var i = 0; i < 12; i++) keys.Add(await a.CreateKey($"cut off {i}"));
        var requests = keys.Select(key => new Traffic.Request(key, "encrypt", new { KeyId = key, Plaintext = "AQ==" })).ToList();
        // Four loops per node, since each of C's keys holds a loop for the key timeout while C is stopped.
        await using var traffic = Traffic.Start([("A", a), ("B", b)], requests, workersPerNode: 4);
        await traffic.Covered(Traffic.Now, 2, "A and B encrypt under every key");

        var suspending = Traffic.Now;
        await cluster.Nodes[2].Suspend();
        var stopped = Traffic.Now;
        // A change always needs the owner: the keys whose changes A cannot make while C is stopped are C's. Tried
        // over and over, so that a slow answer on a busy machine does not count a key of A or B as C's.
        using var probing = new CancellationTokenSource();
        var probed = keys.ToDictionary(key => key, _ => new ConcurrentQueue<HttpStatusCode>());
        var probes = keys.Select(key => Task.Run(async () =>
        {
            while (!probing.IsCancellationRequested)
            {
                probed[key].Enqueue((await a.Post("updatekeydescription", new { KeyId = key, Description = "probe" })).Status);
                await Task.Delay(500, CancellationToken.None);
            }
        })).ToList();
        var cutoff = After(stopped, Lease + Margin);
        await Eventually.Until(() => Task.FromResult(traffic.SentBetween(After(cutoff, KeyTimeout), long.MaxValue).GroupBy(r => (r.Node, r.Request.KeyId)).Count()),
            pairs => pairs == 2 * keys.Count, "A and B answered for every key well after the lease ran out", TimeSpan.FromSeconds(120));
        // An unanswered change takes the key timeout once per attempt (Kms tries a repeatable command three times).
        await Eventually.Until(() => Task.FromResult(probed.Values.Min(p => p.Count)), tries => tries >= 2, "every key's change was tried twice",
            TimeSpan.FromSeconds(120));
        await probing.CancelAsync();
        await Task.WhenAll(probes);
        var owned = keys.Where(key => probed[key].All(s => s == HttpStatusCode.ServiceUnavailable)).ToList();
        Assert.True(owned.Count > 0 && owned.Count < keys.Count, "Changes tried while C was stopped, by key: " +
            string.Join(", ", keys.Select(key => $"{key[..8]} {string.Join("/", probed[key].Select(s => (int)s))}")));

        // A request waiting for C when it resumes may still be answered 200; only those answered before count.
        var resuming = Traffic.Now;
        await cluster.Nodes[2].Resume();
        await Eventually.Until(
            () => Task.FromResult(traffic.SentBetween(resuming, long.MaxValue).Where(r => r.Status == HttpStatusCode.OK).Select(r => (r.Node, r.Request.KeyId)).Distinct().Count()),
            pairs => pairs == 2 * keys.Count, "A and B encrypt under every key again after C resumes", TimeSpan.FromSeconds(120));
        await traffic.Stop();

        var afterLease = traffic.SentBetween(cutoff, resuming).Where(r => r.AnsweredAt < resuming && owned.Contains(r.Request.KeyId)).ToList();
        Assert.NotEmpty(afterLease);
        var wrong = afterLease.Where(r => r.Status != HttpStatusCode.ServiceUnavailable || r.ErrorType != "KeyUnavailableException").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {afterLease.Count} requests for C's keys sent after the lease ran out were not a retryable 503, e.g.:\n" +
            string.Join("\n", wrong.Take(5)));
        foreach (var node in new[] { "A", "B" })
            foreach (var key in owned)
                Assert.Contains(afterLease, r => r.Node == node && r.Request.KeyId == key);
        // The keys of the members still up were served throughout.
        Assert.Contains(traffic.SentBetween(cutoff, resuming), r => !owned.Contains(r.Request.KeyId) && r.Status == HttpStatusCode.OK);
        var before = traffic.Answers.Where(r => r.AnsweredAt < suspending && r.Status != HttpStatusCode.OK).ToList();
        Assert.True(before.Count == 0, string.Join("\n", before.Take(5)));
    }
}
