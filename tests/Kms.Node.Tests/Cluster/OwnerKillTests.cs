using System.Collections.Concurrent;
using System.Net;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Cluster;

/// <summary>
/// A node killed with SIGKILL while the others encrypt and change its keys loses nothing it acknowledged: every
/// ciphertext answered 200 still decrypts, and every acknowledged change is still in effect once its keys have moved.
/// </summary>
[Collection("cluster")]
public class OwnerKillTests
{
    /// <summary>Changes one key, one change at a time, through one node, remembering the last change acknowledged and the last tried.</summary>
    private sealed class ChangeLoop(string keyId, GoKmsClient client, bool rotates)
    {
        private const int MaxRotations = 8;

        public string KeyId => keyId;
        public bool Rotates => rotates;
        public int LastAcknowledged { get; private set; }
        public int DescriptionAcknowledged { get; private set; }
        public int LastTried { get; private set; }
        public int RotationsAcknowledged { get; private set; }
        public int RotationsTried { get; private set; }
        public long LastAcknowledgedSentAt { get; private set; }
        public ConcurrentBag<string> Unexpected { get; } = [];
        public ConcurrentBag<long> UnavailableSentAt { get; } = [];

        /// <summary>Description "change {i}" for every change; a rotation as every third change of a rotating key, at most <see cref="MaxRotations"/>.</summary>
        public async Task Run(CancellationToken stop)
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                var rotation = rotates && i % 3 == 0 && RotationsTried < MaxRotations;
                LastTried = i;
                if (rotation) RotationsTried++;
                var sentAt = Traffic.Now;
                var response = rotation
                    ? await client.Post("rotatekeyondemand", new { KeyId = keyId })
                    : await client.Post("updatekeydescription", new { KeyId = keyId, Description = $"change {i}" });
                if (response.Status == HttpStatusCode.OK)
                {
                    LastAcknowledged = i;
                    LastAcknowledgedSentAt = sentAt;
                    if (rotation) RotationsAcknowledged++;
                    else DescriptionAcknowledged = i;
                }
                else if (response.Status == HttpStatusCode.ServiceUnavailable && response.ErrorType == "KeyUnavailableException") UnavailableSentAt.Add(sentAt);
                else Unexpected.Add($"{keyId}: {(int)response.Status} {response.Body}");
                // Paced so that the rotations, limited to ten per key, spread over the whole run.
                await Task.Delay(150, CancellationToken.None);
            }
        }
    }

    private static async Task<GoKmsClient.Response> Retrying(Func<Task<GoKmsClient.Response>> request) =>
        await Eventually.Until(request, r => r.Status != HttpStatusCode.ServiceUnavailable, "the key answers without a retryable 503", TimeSpan.FromSeconds(60));

    private static async Task<string> Description(GoKmsClient client, string keyId)
    {
        var response = await Retrying(() => client.Post("describekey", new { KeyId = keyId }));
        response.EnsureOk();
        return (string)response.Json!["KeyMetadata"]!["Description"]!;
    }

    [PostgresFact]
    public async Task Killing_a_key_owner_under_load_loses_no_acknowledged_ciphertext_or_change()
    {
        await using var cluster = await TestCluster.Start();
        using var a = cluster.Nodes[0].Client();
        using var b = cluster.Nodes[1].Client();
        using var c = cluster.Nodes[2].Client();

        // New keys' shards go to the member with the fewest, so C, which is killed, owns about a third of them.
        var loaded = new List<string>();
        var disabled = new List<string>();
        for (var i = 0; i < 9; i++) loaded.Add(await a.CreateKey($"loaded {i}"));
        for (var i = 0; i < 3; i++) disabled.Add(await a.CreateKey($"disabled {i}"));
        foreach (var key in loaded.Concat(disabled))
        {
            await b.Encrypt(key, [200]);
            await c.Encrypt(key, [200]);
        }

        var requests = loaded.Select(key => new Traffic.Request(key, "encrypt", new { KeyId = key, Plaintext = Convert.ToBase64String([200]) })).ToList();
        await using var traffic = Traffic.Start([("A", a), ("B", b)], requests);
        using var stop = new CancellationTokenSource();
        var loops = loaded.Select((key, i) => new ChangeLoop(key, i % 2 == 0 ? a : b, rotates: i % 3 == 0)).ToList();
        var running = loops.Select(loop => Task.Run(() => loop.Run(stop.Token))).ToList();
        foreach (var key in disabled) (await a.Post("disablekey", new { KeyId = key })).EnsureOk();
        await traffic.Covered(Traffic.Now, 2, "A and B encrypt under every loaded key");
        await Eventually.Until(() => Task.FromResult(loops.All(l => l.LastAcknowledged >= 2)), done => done, "every key took changes");

        var killed = Traffic.Now;
        await cluster.Nodes[2].Kill();
        await Eventually.Until(() => Task.FromResult(loops.All(l => l.LastAcknowledgedSentAt > killed)), done => done,
            "every key takes changes again after the kill", TimeSpan.FromSeconds(120));
        await traffic.Covered(killed, 1, "A and B encrypt under every key after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(running);
        await traffic.Stop();

        var unexpected = traffic.Answers.Where(r => r.Status != HttpStatusCode.OK && r.ErrorType != "KeyUnavailableException").Select(r => r.ToString())
            .Concat(loops.SelectMany(l => l.Unexpected)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Take(10)));
        // Evidence that C owned keys: changes to them went unanswered until their shards moved.
        Assert.Contains(loops, l => l.UnavailableSentAt.Any(sentAt => sentAt > killed));

        var acknowledged = traffic.Answers.Where(r => r.Status == HttpStatusCode.OK).Select(r => (string)r.Json!["CiphertextBlob"]!).ToList();
        Assert.NotEmpty(acknowledged);
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (blob, _) =>
        {
            foreach (var survivor in new[] { a, b })
            {
                var decrypted = await Retrying(() => survivor.Post("decrypt", new { CiphertextBlob = blob }));
                decrypted.EnsureOk();
                Assert.Equal(new byte[] { 200 }, Convert.FromBase64String((string)decrypted.Json!["Plaintext"]!));
            }
        });

        foreach (var loop in loops)
            foreach (var survivor in new[] { a, b })
            {
                // An unacknowledged change may have been applied too, but never one older than the last acknowledged.
                var description = await Description(survivor, loop.KeyId);
                var change = int.Parse(description["change ".Length..]);
                Assert.True(change >= loop.DescriptionAcknowledged && change <= loop.LastTried,
                    $"{loop.KeyId} says '{description}' after the acknowledged 'change {loop.DescriptionAcknowledged}' (last tried {loop.LastTried}).");
                var rotations = await Retrying(() => survivor.Post("listkeyrotations", new { KeyId = loop.KeyId, Limit = 100 }));
                rotations.EnsureOk();
                Assert.InRange(rotations.Json!["Rotations"]!.AsArray().Count, loop.RotationsAcknowledged, loop.RotationsTried);
            }
        foreach (var key in disabled)
            foreach (var survivor in new[] { a, b })
            {
                (await Retrying(() => survivor.Post("encrypt", new { KeyId = key, Plaintext = "AQ==" }))).AssertError(HttpStatusCode.Conflict, "DisabledException");
                var described = await Retrying(() => survivor.Post("describekey", new { KeyId = key }));
                Assert.Equal("Disabled", (string)described.Json!["KeyMetadata"]!["KeyState"]!);
            }
        foreach (var survivor in cluster.Nodes.Take(2))
        {
            Assert.DoesNotContain("duplicate key value", survivor.Output);
            Assert.DoesNotContain("Rejected to persist", survivor.Output);
        }
    }
}
