using System.Diagnostics;

namespace Kms.Bench;

/// <summary>
/// Drives a workload over N concurrent workers, one keep-alive connection each. A closed loop runs for
/// the warm-up and then the measured duration without a pause between them; only requests that start
/// and finish inside the measured window count. Each server process's CPU is read at the window's two edges.
/// </summary>
public sealed class LoadRunner(GoKmsClient client, int connections, IReadOnlyList<ProcessCpu> servers)
{
    public Task<Measurement> Run(Workload workload, TimeSpan warmup, TimeSpan duration) => workload switch
    {
        Workload.ClosedLoop loop => ClosedLoop(loop.Next, warmup, duration),
        Workload.EachOnce once => EachOnce(once.Requests),
        _ => throw new ArgumentOutOfRangeException(nameof(workload)),
    };

    private async Task<Measurement> ClosedLoop(Func<BenchRequest> next, TimeSpan warmup, TimeSpan duration)
    {
        var from = Stopwatch.GetTimestamp() + Ticks(warmup);
        var to = from + Ticks(duration);
        var workers = Enumerable.Range(0, connections).Select(_ => new Worker()).ToArray();
        var running = workers.Select(worker => Task.Run(async () =>
        {
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= to) return;
                var error = await Send(next());
                var finished = Stopwatch.GetTimestamp();
                if (started >= from && finished <= to) worker.Record(finished - started, error);
            }
        })).ToArray();

        await DelayUntil(from);
        var window = Window.Open(servers);
        await DelayUntil(to);
        var cpu = window.Close();
        var resident = ResidentBytes();
        await Task.WhenAll(running);
        return Collect(workers, Stopwatch.GetElapsedTime(from, to), cpu, resident);
    }

    private async Task<Measurement> EachOnce(IReadOnlyList<BenchRequest> requests)
    {
        await client.OpenConnections(connections);
        var index = -1;
        var workers = Enumerable.Range(0, connections).Select(_ => new Worker()).ToArray();
        var window = Window.Open(servers);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref index)) < requests.Count)
            {
                var begin = Stopwatch.GetTimestamp();
                var error = await Send(requests[i]);
                worker.Record(Stopwatch.GetTimestamp() - begin, error);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = window.Close();
        return Collect(workers, elapsed, cpu, ResidentBytes());
    }

    /// <summary>Null when the server answered 2xx, else what went wrong.</summary>
    private async Task<string?> Send(BenchRequest request)
    {
        try
        {
            using var message = client.NewMessage(request);
            using var response = await client.Http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
            if (response.IsSuccessStatusCode) return null;
            return $"{(int)response.StatusCode} {GoKmsClient.Shorten(await response.Content.ReadAsStringAsync())}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static Measurement Collect(Worker[] workers, TimeSpan elapsed, CpuUse cpu, long? resident)
    {
        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new Measurement(latencies.Length, workers.Sum(w => w.Failed), elapsed, latencies, cpu, resident,
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    /// <summary>The servers' resident memory together; null when there is none or one cannot be read.</summary>
    private long? ResidentBytes() =>
        servers.Count == 0 ? null : servers.Aggregate((long?)0, (sum, server) => sum + server.ResidentBytes());

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static async Task DelayUntil(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
    }

    /// <summary>One worker's results; only that worker writes them, so they need no lock.</summary>
    private sealed class Worker
    {
        public List<long> Latencies { get; } = new(16 * 1024);
        public long Failed { get; private set; }
        public string? FirstError { get; private set; }

        public void Record(long latency, string? error)
        {
            if (error is null)
            {
                Latencies.Add(latency);
                return;
            }
            Failed++;
            FirstError ??= error;
        }
    }

    /// <summary>The servers', the bench's and the machine's CPU time at the start of a measured window.</summary>
    private sealed record Window(IReadOnlyList<ProcessCpu> Servers, TimeSpan?[] ServerStarts, TimeSpan ClientStart, TimeSpan? MachineStart)
    {
        public static Window Open(IReadOnlyList<ProcessCpu> servers) =>
            new(servers, [.. servers.Select(s => s.CpuTime())], Environment.CpuUsage.TotalTime, MachineCpu.BusyTime());

        public CpuUse Close() => new(
            [.. Servers.Select((server, i) => ServerStarts[i] is { } start && server.CpuTime() is { } end ? end - start : (TimeSpan?)null)],
            Environment.CpuUsage.TotalTime - ClientStart,
            MachineStart is { } machine && MachineCpu.BusyTime() is { } now ? now - machine : null);
    }
}
