using System.Net;

namespace Kms.Node.Tests.Cluster;

/// <summary>
/// A change made through one node holds on every node from the moment it is answered: requests run without pause
/// through all four members (three of them warmed first, so that with leased crypto they hold leases when the change
/// comes), and every request sent after the change's answer must see the new state, every time.
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

    /// <summary>Sends the change for every key at once through <paramref name="client"/>; returns when the last was answered, each with 200.</summary>
    private static async Task<long> ChangeAll(GoKmsClient client, string operation, IEnumerable<string> keyIds, Func<string, object>? body = null)
    {
        var responses = await Task.WhenAll(keyIds.Select(id => client.Post(operation, body?.Invoke(id) ?? new { KeyId = id })));
        foreach (var response in responses) response.EnsureOk();
        return Traffic.Now;
    }

    /// <summary>Every answer to a request sent in the window meets <paramref name="expected"/>; the first few that do not are shown.</summary>
    private static void AssertAll(IEnumerable<Traffic.Answer> answers, Func<Traffic.Answer, bool> expected, string state)
    {
        var all = answers.ToList();
        Assert.NotEmpty(all);
        var wrong = all.Where(a => !expected(a)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {all.Count} requests sent while the keys were {state} were answered otherwise, e.g.:\n" +
            string.Join("\n", wrong.Take(5)));
    }

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
        foreach (var request in requests)
            foreach (var warm in new[] { cluster.B, cluster.C })
                (await warm.Post(request.Operation, request.Body)).EnsureOk();
        var everyKey = keys.Concat(macKeys).ToList();

        await using var traffic = Traffic.Start(cluster.All, requests);
        var start = Traffic.Now;
        await traffic.Covered(start, 2, "every node served every request");
        await ServedUnderLeases(cluster.B, cluster.C);

        var disableSent = Traffic.Now;
        var disabled = await ChangeAll(cluster.A, "disablekey", everyKey);
        await traffic.Covered(disabled, 3, "every node answered every request after DisableKey");
        var enableSent = Traffic.Now;
        var enabled = await ChangeAll(cluster.A, "enablekey", everyKey);
        await traffic.Covered(enabled, 3, "every node answered every request after EnableKey");
        var scheduleSent = Traffic.Now;
        var scheduled = await ChangeAll(cluster.A, "schedulekeydeletion", everyKey, id => new { KeyId = id, PendingWindowInDays = 7 });
        await traffic.Covered(scheduled, 3, "every node answered every request after ScheduleKeyDeletion");
        var cancelSent = Traffic.Now;
        var cancelled = await ChangeAll(cluster.A, "cancelkeydeletion", everyKey);
        await traffic.Covered(cancelled, 3, "every node answered every request after CancelKeyDeletion");
        var reenableSent = Traffic.Now;
        var reenabled = await ChangeAll(cluster.A, "enablekey", everyKey);
        await traffic.Covered(reenabled, 3, "every node answered every request after the last EnableKey");
        await traffic.Stop();

        AssertAll(traffic.Within(start, disableSent), Served, "enabled");
        AssertAll(traffic.Within(disabled, enableSent), Refused(HttpStatusCode.Conflict, "DisabledException"), "disabled");
        AssertAll(traffic.Within(enabled, scheduleSent), Served, "enabled again");
        AssertAll(traffic.Within(scheduled, cancelSent), Refused(HttpStatusCode.Conflict, "KMSInvalidStateException"), "pending deletion");
        AssertAll(traffic.Within(cancelled, reenableSent), Refused(HttpStatusCode.Conflict, "DisabledException"), "disabled by the cancelled deletion");
        AssertAll(traffic.Within(reenabled, long.MaxValue), Served, "enabled at last");
        foreach (var answer in traffic.Answers.Where(a => a.Request.Operation == "decrypt" && a.Status == HttpStatusCode.OK))
            Assert.Equal("AQID", (string)answer.Json!["Plaintext"]!);
    }

    [PostgresFact]
    public async Task After_a_rotation_through_one_node_every_node_encrypts_under_the_new_version()
    {
        var keys = new List<string>();
        for (var i = 0; i < 4; i++) keys.Add(await CreateKey(cluster.A, $"rotated {i}"));
        var requests = keys.Select(key => new Traffic.Request(key, "encrypt", new { KeyId = key, Plaintext = "BAUG" })).ToList();
        foreach (var request in requests)
            foreach (var warm in new[] { cluster.B, cluster.C })
                (await warm.Post(request.Operation, request.Body)).EnsureOk();

        await using var traffic = Traffic.Start(cluster.All, requests);
        var start = Traffic.Now;
        await traffic.Covered(start, 2, "every node encrypted under every key");
        var firstSent = Traffic.Now;
        var first = await ChangeAll(cluster.A, "rotatekeyondemand", keys);
        await traffic.Covered(first, 3, "every node encrypted under every key after the first rotation");
        var secondSent = Traffic.Now;
        var second = await ChangeAll(cluster.A, "rotatekeyondemand", keys);
        await traffic.Covered(second, 3, "every node encrypted under every key after the second rotation");
        await traffic.Stop();

        Func<Traffic.Answer, bool> Under(uint version) => a =>
            a.Status == HttpStatusCode.OK && CiphertextHeader.Read((string)a.Json!["CiphertextBlob"]!) == (a.Request.KeyId, version);
        AssertAll(traffic.Within(start, firstSent), Under(1), "at their first version");
        AssertAll(traffic.Within(first, secondSent), Under(2), "rotated once");
        AssertAll(traffic.Within(second, long.MaxValue), Under(3), "rotated twice");

        // Every version's ciphertexts, made through each node, decrypt through every node.
        var made = traffic.Answers.Where(a => a.Status == HttpStatusCode.OK)
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
        foreach (var request in requests)
            foreach (var warm in new[] { cluster.B, cluster.C })
                (await warm.Post(request.Operation, request.Body)).EnsureOk();

        await using var traffic = Traffic.Start(cluster.All, requests);
        var start = Traffic.Now;
        await traffic.Covered(start, 2, "every node decrypted every ciphertext");
        var scheduleSent = Traffic.Now;
        var scheduled = await ChangeAll(cluster.A, "schedulekeydeletion", doomed, id => new { KeyId = id, PendingWindowInDays = 7 });
        await traffic.Covered(scheduled, 2, "every node answered every decrypt after ScheduleKeyDeletion");

        cluster.Clock.Jump(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        // The owner's own answer tells when the key is destroyed.
        foreach (var key in doomed)
            await Eventually.Until(() => cluster.D.Post("describekey", new { KeyId = key }), r => r.ErrorType == "NotFoundException",
                $"the owner D destroys {key}", TimeSpan.FromSeconds(60));
        var destroyed = Traffic.Now;
        await traffic.Covered(destroyed, 3, "every node answered every decrypt after the destruction");
        await traffic.Stop();

        AssertAll(traffic.Within(start, scheduleSent), Served, "enabled");
        AssertAll(traffic.Within(scheduled, long.MaxValue), a => !Served(a), "pending deletion or destroyed");
        AssertAll(traffic.Within(scheduled, destroyed), a => Refused(HttpStatusCode.Conflict, "KMSInvalidStateException")(a) ||
            Refused(HttpStatusCode.NotFound, "NotFoundException")(a), "pending deletion, then destroyed");
        AssertAll(traffic.Within(destroyed, long.MaxValue), Refused(HttpStatusCode.NotFound, "NotFoundException"), "destroyed");
    }
}
