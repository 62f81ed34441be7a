using System.Diagnostics;

namespace Kms.Bench;

/// <summary>
/// What one measured run saw: successful requests and their latencies (sorted, in <see cref="Stopwatch"/>
/// ticks), failures, the measured time, and the CPU the server processes, the bench and other processes spent
/// in it; the servers' resident memory is their sum.
/// </summary>
public sealed record Measurement(
    long Succeeded,
    long Failed,
    TimeSpan Elapsed,
    long[] SortedLatencies,
    CpuUse Cpu,
    long? ServerResidentBytes,
    string? FirstError)
{
    public long Requests => Succeeded + Failed;

    /// <summary>Several measured windows of one workload as one: counts, times and CPU added, latencies merged.</summary>
    public static Measurement Combine(IReadOnlyList<Measurement> parts)
    {
        if (parts.Count == 1) return parts[0];
        var latencies = parts.SelectMany(p => p.SortedLatencies).ToArray();
        Array.Sort(latencies);
        return new Measurement(
            parts.Sum(p => p.Succeeded),
            parts.Sum(p => p.Failed),
            parts.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Elapsed),
            latencies,
            CpuUse.Sum([.. parts.Select(p => p.Cpu)]),
            parts[^1].ServerResidentBytes,
            parts.Select(p => p.FirstError).FirstOrDefault(e => e is not null));
    }

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;

    /// <summary>Nearest-rank percentile of the successful requests' latencies, in milliseconds.</summary>
    public double PercentileMs(double percentile)
    {
        if (SortedLatencies.Length == 0) return 0;
        var rank = (int)Math.Ceiling(percentile / 100 * SortedLatencies.Length);
        var ticks = SortedLatencies[Math.Clamp(rank - 1, 0, SortedLatencies.Length - 1)];
        return ticks * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>All server processes' CPU per request together.</summary>
    public double? ServerCpuMicrosPerRequest => PerRequest(Cpu.Server);

    /// <summary>Each server process's CPU per request, in the order the pids were given.</summary>
    public IReadOnlyList<double?> ServerCpuMicrosPerRequestEach => [.. Cpu.Servers.Select(PerRequest)];

    public double? ClientCpuMicrosPerRequest => PerRequest(Cpu.Client);

    /// <summary>Cores' worth of CPU other processes used during the window (0.5 = half a core).</summary>
    public double? OtherCores => Cpu.Others is { } others && Elapsed > TimeSpan.Zero ? Math.Max(0, others / Elapsed) : null;

    private double? PerRequest(TimeSpan? cpu) => cpu is { } time && Requests > 0 ? time.TotalMicroseconds / Requests : null;
}
