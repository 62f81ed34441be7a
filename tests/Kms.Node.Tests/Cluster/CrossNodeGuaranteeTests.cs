using System.Net;

namespace Kms.Node.Tests.Cluster;

/// <summary>
/// A change made through one node holds on every node from the moment it is answered: requests run without pause
/// through all four members (<see cref="GuaranteeRun"/>), and every request sent after the change's answer must see
/// the new state, every time.
/// </summary>
[Collection("cluster")]
public class CrossNodeGuaranteeTests(GuaranteeCluster cluster) : IClassFixture<GuaranteeCluster>
{
    private static async Task<string> CreateKey(GoKmsClient client, string description, string? keySpec = null)
    {
        var response = await client.Post("createkey", keySpec is null ? new { Description = description } : new { Description = description, KeySpec = keySpec });
        response.EnsureOk();
        return (string)response.Json!["KeyMetadata"]!["KeyId"]!;
    }

    /// <summary>The change of every key, sent at once through <paramref name="client"/>; done when the last was answered, each with 200.</summary>
    private static Func<Task> ChangeAll(GoKmsClient client, string operation, IEnumerable<string> keyIds, Func<string, object>? body = null) => async () =>
    {
        var responses = await Task.WhenAll(keyIds.Select(id => client.Post(operation, body?.Invoke(id) ?? new { KeyId = id })));
        foreach (var response in responses) response.EnsureOk();
    };

    /// <summary>
    /// What these tests guard is leased crypto, so the nodes that did not make the keys must have served some requests under
    /// leases (their <c>kms_leased_requests_total</c>) before the change; otherwise every request went to the key's owner and
    /// the test proves nothing about leases.
    /// </summary>
    private static async Task ServedUnderLeases(params GoKmsClient[] nodes)
    {
        foreach (var node in nodes)
        {
            await Eventually.Until(async () => LeasedRequests(await (await node.Http.GetAsync("/metrics")).Content.ReadAsStringAsync()),
                served => served > 0, "requests served under leases on a node that owns only some of the keys", TimeSpan.FromSeconds(60));
        }
    }

    private static double LeasedRequests(string metrics) => metrics.Split('\n')
        .Where(line => line.StartsWith("kms_leased_requests_total", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static Func<Traffic.Answer, bool> Refused(HttpStatusCode status, string type) => a => a.Status == status && a.ErrorType == type;

    private static bool Served(Traffic.Answer a) => a.Status == HttpStatusCode.OK;

    [PostgresFact]
    public async Task Disable_deletion_and_enable_through_one_node_hold_on_every_node_from_their_answer_on()
    {
        var keys = new List<string>();
        var macKeys = new List<string>();
        for (var i = 0; i < 6; i++) keys.Add(await CreateKey(cluster.A, $"guarded {i}"));
        for (var i = 0; i < 3; i++) macKeys.Add(await CreateKey(cluster.A, $"guarded mac {i}", "HMAC_256"));
        var requests = new List<Traffic.Request>();
        foreach (var key in keys)
        {
            requests.Add(new(key, "encrypt", new { KeyId = key, Plaintext = "AQID" }));
            requests.Add(new(key, "generatedatakey", new { KeyId = key, NumberOfBytes = 32 }));
            requests.Add(new(key, "decrypt", new { CiphertextBlob = await cluster.B.Encrypt(key, [1, 2, 3]) }));
        }
        foreach (var key in macKeys)
            requests.Add(new(key, "generatemac", new { KeyId = key, Message = "AQID", MacAlgorithm = "HMAC_SHA_256" }));
        var everyKey = keys.Concat(macKeys).ToList();

        await using var run = await GuaranteeRun.Start(cluster, requests, "every node served every request");
        await ServedUnderLeases(cluster.B, cluster.C);

        var disabled = await run.Change(ChangeAll(cluster.A, "disablekey", everyKey), "every node answered every request after DisableKey");
        var enabled = await run.Change(ChangeAll(cluster.A, "enablekey", everyKey), "every node answered every request after EnableKey");
        var scheduled = await run.Change(ChangeAll(cluster.A, "schedulekeydeletion", everyKey, id => new { KeyId = id, PendingWindowInDays = 7 }),
            "every node answered every request after ScheduleKeyDeletion");
        var cancelled = await run.Change(ChangeAll(cluster.A, "cancelkeydeletion", everyKey), "every node answered every request after CancelKeyDeletion");
        var reenabled = await run.Change(ChangeAll(cluster.A, "enablekey", everyKey), "every node answered every request after the last EnableKey");
        await run.Stop();

        run.AssertAll(run.First, Served, "enabled");
        run.AssertAll(disabled, Refused(HttpStatusCode.Conflict, "DisabledException"), "disabled");
        run.AssertAll(enabled, Served, "enabled again");
        run.AssertAll(scheduled, Refused(HttpStatusCode.Conflict, "KMSInvalidStateException"), "pending deletion");
        run.AssertAll(cancelled, Refused(HttpStatusCode.Conflict, "DisabledException"), "disabled by the cancelled deletion");
        run.AssertAll(reenabled, Served, "enabled at last");
        foreach (var answer in run.Answers.Where(a => a.Request.Operation == "decrypt" && a.Status == HttpStatusCode.OK))
            Assert.Equal("AQID", (string)answer.Json!["Plaintext"]!);
    }

    [PostgresFact]
    public async Task After_a_rotation_through_one_node_every_node_encrypts_under_the_new_version()
    {
        var keys = new List<string>();
        for (var i = 0; i < 4; i++) keys.Add(await CreateKey(cluster.A, $"rotated {i}"));
        var requests = keys.Select(key => new Traffic.Request(key, "encrypt", new { KeyId = key, Plaintext = "BAUG" })).ToList();

        await using var run = await GuaranteeRun.Start(cluster, requests, "every node encrypted under every key");
        var first = await run.Change(ChangeAll(cluster.A, "rotatekeyondemand", keys), "every node encrypted under every key after the first rotation");
        var second = await run.Change(ChangeAll(cluster.A, "rotatekeyondemand", keys), "every node encrypted under every key after the second rotation");
        await run.Stop();

        Func<Traffic.Answer, bool> Under(uint version) => a =>
            a.Status == HttpStatusCode.OK && CiphertextHeader.Read((string)a.Json!["CiphertextBlob"]!) == (a.Request.KeyId, version);
        run.AssertAll(run.First, Under(1), "at their first version");
        run.AssertAll(first, Under(2), "rotated once");
        run.AssertAll(second, Under(3), "rotated twice");

        // Every version's ciphertexts, made through each node, decrypt through every node.
        var made = run.Answers.Where(a => a.Status == HttpStatusCode.OK)
            .GroupBy(a => (a.Node, a.Request.KeyId, CiphertextHeader.Read((string)a.Json!["CiphertextBlob"]!).Version))
            .Select(g => (string)g.First().Json!["CiphertextBlob"]!)
            .ToList();
        Assert.Equal(cluster.All.Count * keys.Count * 3, made.Count);
        foreach (var blob in made)
            foreach (var (_, client) in cluster.All)
                Assert.Equal(new byte[] { 4, 5, 6 }, await client.Decrypt(blob));
    }

    [PostgresFact]
    public async Task Once_a_key_is_destroyed_no_node_decrypts_its_ciphertexts()
    {
        // D's clock reaches the deletion date; only keys D owns are destroyed, so make keys until D owns two.
        var doomed = new List<string>();
        for (var i = 0; doomed.Count < 2; i++)
        {
            Assert.True(i < 40, "The in-process member D owns none of 40 new keys; the shard allocation no longer spreads keys.");
            var key = await CreateKey(cluster.A, $"doomed candidate {i}");
            doomed.AddRange(await cluster.OwnedByShifted([key]));
        }
        var requests = new List<Traffic.Request>();
        foreach (var key in doomed)
        {
            requests.Add(new(key, "decrypt", new { CiphertextBlob = await cluster.B.Encrypt(key, [7]) }));
            requests.Add(new(key, "decrypt", new { CiphertextBlob = await cluster.C.Encrypt(key, [7]) }));
            var dataKey = await cluster.C.Post("generatedatakey", new { KeyId = key, NumberOfBytes = 32 });
            dataKey.EnsureOk();
            requests.Add(new(key, "decrypt", new { CiphertextBlob = (string)dataKey.Json!["CiphertextBlob"]! }));
        }

        await using var run = await GuaranteeRun.Start(cluster, requests, "every node decrypted every ciphertext");
        var scheduled = await run.Change(ChangeAll(cluster.A, "schedulekeydeletion", doomed, id => new { KeyId = id, PendingWindowInDays = 7 }),
            "every node answered every decrypt after ScheduleKeyDeletion", times: 2);
        var destroyed = await run.Change(async () =>
        {
            cluster.Clock.Jump(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
            // The owner's own answer tells when the key is destroyed.
            foreach (var key in doomed)
                await Eventually.Until(() => cluster.D.Post("describekey", new { KeyId = key }), r => r.ErrorType == "NotFoundException",
                    $"the owner D destroys {key}", TimeSpan.FromSeconds(60));
        }, "every node answered every decrypt after the destruction");
        await run.Stop();

        run.AssertAll(run.First, Served, "enabled");
        GuaranteeRun.AssertAll(run.Within(scheduled.From, long.MaxValue), a => !Served(a), "pending deletion or destroyed");
        // Across the jump: until the destruction was seen, a request may meet the key pending deletion or destroyed.
        GuaranteeRun.AssertAll(run.Within(scheduled.From, destroyed.From), a => Refused(HttpStatusCode.Conflict, "KMSInvalidStateException")(a) ||
            Refused(HttpStatusCode.NotFound, "NotFoundException")(a), "pending deletion, then destroyed");
        run.AssertAll(destroyed, Refused(HttpStatusCode.NotFound, "NotFoundException"), "destroyed");
    }
}
