using System.Collections.Concurrent;
using System.Net;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Cluster;

/// <summary>Three real node processes on 127.0.0.1 sharing one PostgreSQL journal over TLS remoting.</summary>
[Collection("cluster")]
public class ClusterTests
{
    /// <summary>Sends a request until it is answered with something other than a retryable 503 (or the deadline passes).</summary>
    private static async Task<GoKmsClient.Response> Retrying(Func<Task<GoKmsClient.Response>> request, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await request();
            if (response.Status != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline) return response;
            await Task.Delay(250);
        }
    }

    private static async Task<List<(string KeyId, string Blob, byte Value)>> Populate(GoKmsClient creator, GoKmsClient encryptor, int count)
    {
        var keys = new List<(string, string, byte)>();
        for (var i = 0; i < count; i++)
        {
            var description = $"cluster key {i}";
            var created = await Retrying(() => creator.Post("createkey", new { Description = description }), TimeSpan.FromSeconds(60));
            created.EnsureOk();
            var keyId = (string)created.Json!["KeyMetadata"]!["KeyId"]!;
            var value = (byte)i;
            var encrypted = await Retrying(() => encryptor.Post("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String([value]) }), TimeSpan.FromSeconds(60));
            encrypted.EnsureOk();
            keys.Add((keyId, (string)encrypted.Json!["CiphertextBlob"]!, value));
        }
        return keys;
    }

    private static async Task EventuallyAllDecrypt(GoKmsClient client, IEnumerable<(string KeyId, string Blob, byte Value)> keys, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        foreach (var (keyId, blob, value) in keys)
        {
            while (true)
            {
                var response = await client.Post("decrypt", new { CiphertextBlob = blob });
                if (response.Status == HttpStatusCode.OK)
                {
                    Assert.Equal(value, Convert.FromBase64String((string)response.Json!["Plaintext"]!)[0]);
                    break;
                }
                Assert.True(response.Status == HttpStatusCode.ServiceUnavailable, $"{keyId}: {(int)response.Status} {response.Body}");
                Assert.True(DateTime.UtcNow < deadline, $"Key {keyId} never came back: {response.Body}");
                await Task.Delay(250);
            }
        }
    }

    [PostgresFact]
    public async Task Keys_made_through_one_node_are_used_through_the_others_and_survive_a_killed_node()
    {
        await using var cluster = await TestCluster.Start();
        using var first = cluster.Nodes[0].Client();
        using var second = cluster.Nodes[1].Client();
        using var third = cluster.Nodes[2].Client();

        var keys = await Populate(first, second, 12);
        await EventuallyAllDecrypt(third, keys, TimeSpan.FromSeconds(10));
        // Listings on other nodes follow the shared journal within the catalog's refresh interval.
        var listDeadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await Retrying(() => third.Post("listkeys", new { }), TimeSpan.FromSeconds(30));
            Assert.True(response.Status == HttpStatusCode.OK, response.Body);
            var listed = response.Json!["KeyMetadata"]!.AsArray().Select(k => (string)k!["KeyId"]!).ToHashSet();
            if (keys.All(k => listed.Contains(k.KeyId))) break;
            Assert.True(DateTime.UtcNow < listDeadline, $"Node 3 lists {listed.Count} of the {keys.Count} keys made through node 1.");
            await Task.Delay(250);
        }

        // Load through the survivors while the third node dies without warning.
        using var stop = new CancellationTokenSource();
        var unexpected = new ConcurrentBag<string>();
        var acknowledged = new ConcurrentBag<(string KeyId, string Blob, byte Value)>();
        var load = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var (keyId, _, _) = keys[i++ % keys.Count];
                var response = await (i % 2 == 0 ? first : second).Post("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String([200]) });
                if (response.Status == HttpStatusCode.OK) acknowledged.Add((keyId, (string)response.Json!["CiphertextBlob"]!, 200));
                else if (response.Status != HttpStatusCode.ServiceUnavailable) unexpected.Add(response.Body);
            }
        });
        await Task.Delay(1000);
        await cluster.Nodes[2].Kill();
        // A key created now may land on a shard of the dead node until the resolver downs it: 503s, retried.
        string? createdKey = null;
        var createDeadline = DateTime.UtcNow.AddSeconds(60);
        while (createdKey is null)
        {
            var response = await first.Post("createkey", new { Description = "after the kill" });
            if (response.Status == HttpStatusCode.OK) createdKey = (string)response.Json!["KeyMetadata"]!["KeyId"]!;
            else Assert.True(response.Status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < createDeadline, response.Body);
        }
        var sealedAfter = await Retrying(() => first.Post("encrypt", new { KeyID = createdKey, Plaintext = Convert.ToBase64String([77]) }), TimeSpan.FromSeconds(60));
        sealedAfter.EnsureOk();
        var created = new[] { (createdKey, (string)sealedAfter.Json!["CiphertextBlob"]!, (byte)77) };
        stop.Cancel();
        await load;

        Assert.Empty(unexpected);
        await EventuallyAllDecrypt(first, keys.Concat(acknowledged).Concat(created), TimeSpan.FromSeconds(60));
        await EventuallyAllDecrypt(second, keys, TimeSpan.FromSeconds(30));
        foreach (var survivor in cluster.Nodes.Take(2))
        {
            Assert.DoesNotContain("duplicate key value", survivor.Output);
            Assert.DoesNotContain("Rejected to persist", survivor.Output);
        }
    }

    [PostgresFact]
    public async Task A_node_that_leaves_gracefully_hands_its_keys_off_with_no_error_but_retryable_503s()
    {
        await using var cluster = await TestCluster.Start();
        using var first = cluster.Nodes[0].Client();
        using var third = cluster.Nodes[2].Client();
        var keys = await Populate(third, third, 12);
        await EventuallyAllDecrypt(first, keys, TimeSpan.FromSeconds(10));

        var unexpected = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var (_, blob, value) = keys[i++ % keys.Count];
                var response = await first.Post("decrypt", new { CiphertextBlob = blob });
                if (response.Status == HttpStatusCode.OK)
                {
                    if (Convert.FromBase64String((string)response.Json!["Plaintext"]!)[0] != value) unexpected.Add("wrong plaintext");
                }
                else if (response.Status != HttpStatusCode.ServiceUnavailable) unexpected.Add(response.Body);
            }
        });
        await Task.Delay(500);
        await cluster.Nodes[2].Terminate();
        Assert.Equal(0, await cluster.Nodes[2].WaitForExit(TimeSpan.FromSeconds(30)));
        await Task.Delay(2000);
        stop.Cancel();
        await load;

        Assert.Empty(unexpected);
        await EventuallyAllDecrypt(first, keys, TimeSpan.FromSeconds(30));
    }
}
