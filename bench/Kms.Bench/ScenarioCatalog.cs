using System.Security.Cryptography;

namespace Kms.Bench;

/// <summary>
/// Prepares each scenario: creates its keys and ciphertexts (setup, never measured) and answers the
/// workload to measure. Every scenario uses fresh keys, so one does not warm the next.
/// </summary>
public sealed class ScenarioCatalog(GoKmsClient client, BenchOptions options, TextWriter log)
{
    public const int SmallPlaintext = 256;

    /// <summary>The server's upper limit for a plaintext (1–4096 bytes): "4k".</summary>
    public const int LargePlaintext = 4096;

    public Task<Workload> Prepare(string scenario) => scenario switch
    {
        ScenarioNames.Encrypt256Hot => HotEncrypt(SmallPlaintext),
        ScenarioNames.Decrypt256Hot => HotDecrypt(SmallPlaintext),
        ScenarioNames.Encrypt4kHot => HotEncrypt(LargePlaintext),
        ScenarioNames.Decrypt4kHot => HotDecrypt(LargePlaintext),
        ScenarioNames.Encrypt256Spread => Spread(),
        ScenarioNames.GenerateDataKey => GenerateDataKey(),
        ScenarioNames.CreateKey => Task.FromResult<Workload>(Always(Requests.CreateKey("kms-bench createkey"))),
        ScenarioNames.ColdKey => Cold(),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario."),
    };

    private async Task<Workload> HotEncrypt(int size)
    {
        var key = await client.CreateKey("kms-bench hot encrypt");
        var request = Requests.Encrypt(key, RandomNumberGenerator.GetBytes(size));
        await client.Call(request);
        return Always(request);
    }

    private async Task<Workload> HotDecrypt(int size)
    {
        var key = await client.CreateKey("kms-bench hot decrypt");
        var plaintext = Convert.ToBase64String(RandomNumberGenerator.GetBytes(size));
        var blob = await client.Encrypt(key, Convert.FromBase64String(plaintext));
        if (await client.Decrypt(blob) != plaintext) throw new SetupException("decrypt did not give back the plaintext that was encrypted");
        return Always(Requests.Decrypt(blob));
    }

    private async Task<Workload> GenerateDataKey()
    {
        var key = await client.CreateKey("kms-bench generatedatakey");
        var request = Requests.GenerateDataKey(key);
        await client.Call(request);
        return Always(request);
    }

    /// <summary>Many keys, each touched once in setup so every one is live; then requests go round-robin over them.</summary>
    private async Task<Workload> Spread()
    {
        var keys = await CreateKeys(options.Keys, "kms-bench spread");
        var plaintext = RandomNumberGenerator.GetBytes(SmallPlaintext);
        var requests = keys.Select(key => Requests.Encrypt(key, plaintext)).ToArray();
        log.WriteLine($"  touching each of the {requests.Length} keys once");
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = options.Connections },
            async (request, ct) => await client.Call(request, ct));
        // One round-robin over the keys for the whole scenario, across warm-up and every slice.
        var next = -1L;
        return new Workload.ClosedLoop(() => requests[Interlocked.Increment(ref next) % requests.Length]);
    }

    /// <summary>
    /// First use of keys whose actors are passivated. The bench cannot force passivation: it creates the
    /// keys, waits <c>--cold-wait</c> (longer than the node's PassivateIdleAfter), then uses each key once.
    /// </summary>
    private async Task<Workload> Cold()
    {
        var keys = await CreateKeys(options.ColdKeys, "kms-bench cold");
        var plaintext = RandomNumberGenerator.GetBytes(SmallPlaintext);
        if (options.ColdWait > TimeSpan.Zero)
        {
            log.WriteLine($"  waiting {options.ColdWait.TotalSeconds:0.#} s for the keys to passivate");
            await Task.Delay(options.ColdWait);
        }
        else
        {
            log.WriteLine("  --cold-wait is 0: the keys are probably still live, so this measures warm first uses");
        }
        return new Workload.EachOnce(keys.Select(key => Requests.Encrypt(key, plaintext)).ToArray());
    }

    private async Task<IReadOnlyList<string>> CreateKeys(int count, string description)
    {
        var started = DateTime.UtcNow;
        var step = Math.Max(1, count / 10);
        var progress = new SynchronousProgress(done =>
        {
            if (done % step == 0 || done == count) log.WriteLine($"  created {done}/{count} keys ({done / (DateTime.UtcNow - started).TotalSeconds:0} keys/s)");
        });
        return await client.CreateKeys(count, description, options.Connections, progress);
    }

    private static Workload Always(BenchRequest request) => new Workload.ClosedLoop(() => request);

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool out of order).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
