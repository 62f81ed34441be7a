using System.Globalization;

namespace Kms.Bench;

/// <summary>
/// The readable summary: one row per scenario with the baseline measured in turns with it (its req/s, and
/// the ratio to it), and first a row of all the baseline slices together. With several server processes,
/// a second table splits the server CPU per request by process.
/// </summary>
public static class ResultTable
{
    private const string Format = "{0,-20} {1,8} {2,8} {3,8} {4,8} {5,7} {6,9} {7,6} {8,10} {9,12} {10,8} {11,8}";

    public static void Write(TextWriter output, Measurement? baseline, IReadOnlyList<ScenarioResult> results, IReadOnlyList<int> serverPids)
    {
        output.WriteLine("(srv and bench µs/req: CPU per request; others: cores used by other processes while measuring)");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format,
            "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "baseline", "ratio", "srv µs/req", "bench µs/req", "srv RSS", "others"));
        if (baseline is not null) Row(output, "baseline (healthz)", baseline, "", "1.000");
        else output.WriteLine("baseline (healthz)   none (skipped, or the server has no GET /healthz/live): ratios are null");
        foreach (var result in results)
            Row(output, result.Scenario, result.Measured, result.BaselineRps > 0 ? result.BaselineRps.ToString("0", CultureInfo.InvariantCulture) : "-",
                result.Ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "-");
        foreach (var result in results.Where(r => r.Measured.FirstError is not null))
            output.WriteLine($"first error in {result.Scenario}: {result.Measured.FirstError}");
        if (serverPids.Count > 1) PerProcess(output, baseline, results, serverPids);
    }

    private static void PerProcess(TextWriter output, Measurement? baseline, IReadOnlyList<ScenarioResult> results, IReadOnlyList<int> serverPids)
    {
        output.WriteLine();
        output.WriteLine("(server CPU per request by process, µs/req; the sum is srv µs/req above)");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-20}", "scenario") + string.Concat(serverPids.Select(pid => $" {"pid " + pid,10}")));
        var rows = results.Select(r => (r.Scenario, r.Measured));
        if (baseline is not null) rows = rows.Prepend(("baseline (healthz)", baseline));
        foreach (var (name, measured) in rows)
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-20}", name)
                + string.Concat(measured.ServerCpuMicrosPerRequestEach.Select(us => $" {(us is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-"),10}")));
    }

    private static void Row(TextWriter output, string name, Measurement m, string baselineRps, string ratio) =>
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format,
            name,
            m.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture),
            m.PercentileMs(50).ToString("0.00", CultureInfo.InvariantCulture),
            m.PercentileMs(95).ToString("0.00", CultureInfo.InvariantCulture),
            m.PercentileMs(99).ToString("0.00", CultureInfo.InvariantCulture),
            m.Failed,
            baselineRps,
            ratio,
            m.ServerCpuMicrosPerRequest is { } s ? s.ToString("0", CultureInfo.InvariantCulture) : "-",
            m.ClientCpuMicrosPerRequest is { } c ? c.ToString("0", CultureInfo.InvariantCulture) : "-",
            m.ServerResidentBytes is { } rss ? $"{rss / (1024 * 1024)} MB" : "-",
            m.OtherCores is { } others ? others.ToString("0.00", CultureInfo.InvariantCulture) : "-"));
}
