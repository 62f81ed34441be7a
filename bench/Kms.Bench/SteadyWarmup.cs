using System.Globalization;

namespace Kms.Bench;

/// <summary>
/// Sends a looped workload unmeasured, in slices, until two slices in a row agree: whatever a node runs first
/// after it starts costs two to three times more CPU per request for 15–20 s, so a fixed
/// short warm-up measures the node's warming rather than its steady rate. The server CPU per request must
/// agree too when server processes are watched; a slice with no successful request never agrees.
/// </summary>
public sealed class SteadyWarmup(LoadRunner runner, TimeSpan slice, TimeSpan max, double within)
{
    /// <summary>Warms up; answers one line for the log saying how long it took and whether the rate settled.</summary>
    public async Task<string> Run(Workload.ClosedLoop workload)
    {
        if (slice <= TimeSpan.Zero || max <= TimeSpan.Zero) return "steady warm-up off";
        Measurement? previous = null;
        var spent = TimeSpan.Zero;
        var rates = new List<string>();
        do
        {
            var current = await runner.Run(workload, TimeSpan.Zero, slice);
            spent += slice;
            rates.Add(Describe(current));
            if (previous is not null && Agree(previous, current, within))
                return $"steady after {spent.TotalSeconds:0.#} s ({string.Join(", ", rates)})";
            previous = current;
        }
        while (spent + slice <= max);
        return $"not steady within {within:0%} after {spent.TotalSeconds:0.#} s, measuring anyway ({string.Join(", ", rates)})";
    }

    /// <summary>
    /// Whether two slices' req/s, and their server CPU per request when both have it, differ by at most <paramref name="within"/>
    /// of the larger; a tolerance of 0 never agrees, so every slice runs (bench/warmup.sh watches a node warm that way).
    /// </summary>
    public static bool Agree(Measurement a, Measurement b, double within) =>
        within > 0
        && Close(a.RequestsPerSecond, b.RequestsPerSecond, within)
        && (a.ServerCpuMicrosPerRequest is not { } x || b.ServerCpuMicrosPerRequest is not { } y || Close(x, y, within));

    private static bool Close(double a, double b, double within) => a > 0 && b > 0 && Math.Abs(a - b) <= within * Math.Max(a, b);

    private static string Describe(Measurement m) => m.ServerCpuMicrosPerRequest is { } cpu
        ? string.Create(CultureInfo.InvariantCulture, $"{m.RequestsPerSecond:0} req/s {cpu:0} µs")
        : string.Create(CultureInfo.InvariantCulture, $"{m.RequestsPerSecond:0} req/s");
}
