using System.Diagnostics;
using Kms.Actors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Hosting;

/// <summary>
/// Gives the memory of passivated keys back to the operating system. The garbage collector runs only when
/// the process allocates, so a node that falls idle after a wave of keys kept the heap it grew while they
/// were alive. Every <see cref="CheckEvery"/> it looks at the number of live key actors; once many have
/// passivated since the last release (<see cref="MemoryReleasePolicy"/>) it runs one full, compacting
/// collection that returns free memory.
/// </summary>
public sealed class MemoryRelease(MemoryReleasePolicy policy, Func<long> liveKeys, Action release, TimeProvider clock, ILogger<MemoryRelease> log)
    : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    /// <summary>The production release: a blocking full collection that compacts and decommits what it can.</summary>
    public static void CollectAndDecommit() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var live = liveKeys();
                if (!policy.ShouldRelease(live)) continue;
                var before = Environment.WorkingSet;
                var started = Stopwatch.GetTimestamp();
                release();
                log.LogInformation("Released the memory of passivated keys ({Live} live) in {Milliseconds} ms: {Before} MB -> {After} MB resident.",
                    live, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, before >> 20, Environment.WorkingSet >> 20);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public static MemoryRelease ForNode(long keysReleased, TimeProvider clock, ILogger<MemoryRelease> log) =>
        new(new MemoryReleasePolicy(keysReleased), () => KmsMetrics.LiveKeyActors, CollectAndDecommit, clock, log);
}

/// <summary>
/// When to release: at least <c>keysReleased</c> key actors, and at least half of the most seen since the
/// last release, have gone. A node whose keys wake and passivate at the same rate never qualifies, so the
/// pause of a full collection comes once, after a wave. Zero turns it off.
/// </summary>
public sealed class MemoryReleasePolicy(long keysReleased)
{
    private long _peak;

    public bool ShouldRelease(long live)
    {
        _peak = Math.Max(_peak, live);
        if (keysReleased <= 0 || _peak - live < keysReleased || live > _peak / 2) return false;
        _peak = live;
        return true;
    }
}
