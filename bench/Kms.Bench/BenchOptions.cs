using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;

namespace Kms.Bench;

/// <summary>
/// The bench's options, parsed by System.CommandLine (<c>--name value</c> or <c>--name=value</c>, <c>--help</c>) and
/// then checked here, so every mistake is one <see cref="UsageException"/> line.
/// </summary>
public sealed record BenchOptions
{
    public required IReadOnlyList<Uri> Urls { get; init; }
    public required string AuthKeyFile { get; init; }
    public string? CaCertFile { get; init; }
    public bool Insecure { get; init; }
    public int Connections { get; init; } = 32;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public IReadOnlyList<string> Scenarios { get; init; } = ScenarioNames.All;
    public int Keys { get; init; } = 10_000;
    public int ColdKeys { get; init; } = 2_000;
    public TimeSpan ColdWait { get; init; } = TimeSpan.Zero;
    public TimeSpan SteadyMax { get; init; } = TimeSpan.FromSeconds(30);
    public double SteadyWithin { get; init; } = 0.05;
    public IReadOnlyList<int> ServerPids { get; init; } = [];

    /// <summary>How many nodes are measured: the server processes watched, or else the URLs sent to.</summary>
    public int Nodes => ServerPids.Count > 0 ? ServerPids.Count : Urls.Count;
    public bool Baseline { get; init; } = true;
    public int Slices { get; init; } = 5;
    public bool ContentHash { get; init; }

    /// <summary>Parses the arguments; null means help was asked for. Throws <see cref="UsageException"/> on anything wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        var line = new BenchCommandLine();
        var result = line.Root.Parse(args, BenchCommandLine.Parsing);
        if (result.Action is HelpAction) return null;
        BenchCommandLine.ThrowFirstError(result);
        string[] All(Option<string[]> option) => result.GetValue(option) ?? [];
        string? Last(Option<string[]> option) => All(option) is [.., var last] ? last : null;

        var urls = new List<Uri>();
        foreach (var text in All(line.Url))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                throw new UsageException($"--url '{text}' is not an http(s) URL");
            if (urls.Contains(url)) throw new UsageException($"--url {url} is given twice");
            urls.Add(url);
        }
        var scenarios = new List<string>();
        foreach (var scenario in All(line.Scenario))
        {
            if (!ScenarioNames.All.Contains(scenario))
                throw new UsageException($"unknown scenario '{scenario}' (known: {string.Join(", ", ScenarioNames.All)})");
            if (!scenarios.Contains(scenario)) scenarios.Add(scenario);
        }
        var serverPids = new List<int>();
        foreach (var text in All(line.ServerPid))
        {
            var pid = Count("--server-pid", text, 1, int.MaxValue);
            if (!ProcessCpu.Exists(pid)) throw new UsageException($"--server-pid {pid}: no such process (or no /proc/{pid}/stat)");
            if (serverPids.Contains(pid)) throw new UsageException($"--server-pid {pid} is given twice");
            serverPids.Add(pid);
        }
        var authKeyFile = Last(line.AuthKeyFile);
        var caCert = Last(line.CaCert);
        var insecure = result.GetValue(line.Insecure);
        int connections = 32, keys = 10_000, coldKeys = 2_000, slices = 5;
        TimeSpan duration = TimeSpan.FromSeconds(10), warmup = TimeSpan.FromSeconds(2), coldWait = TimeSpan.Zero, steadyMax = TimeSpan.FromSeconds(30);
        var steadyWithin = 0.05;
        if (Last(line.Connections) is { } c) connections = Count("--connections", c, 1, 10_000);
        if (Last(line.Duration) is { } d) duration = Seconds("--duration", d, allowZero: false);
        if (Last(line.Warmup) is { } w) warmup = Seconds("--warmup", w, allowZero: true);
        if (Last(line.SteadyMax) is { } sm) steadyMax = Seconds("--steady-max", sm, allowZero: true);
        if (Last(line.SteadyWithin) is { } sw) steadyWithin = Count("--steady-within", sw, 0, 100) / 100.0;
        if (Last(line.Slices) is { } sl) slices = Count("--slices", sl, 1, 100);
        if (Last(line.Keys) is { } k) keys = Count("--keys", k, 1, 10_000_000);
        if (Last(line.ColdKeys) is { } ck) coldKeys = Count("--cold-keys", ck, 1, 10_000_000);
        if (Last(line.ColdWait) is { } cw) coldWait = Seconds("--cold-wait", cw, allowZero: true);

        if (urls.Count == 0) throw new UsageException("--url is required");
        if (authKeyFile is null) throw new UsageException("--auth-key-file is required");
        if (!File.Exists(authKeyFile)) throw new UsageException($"--auth-key-file: no file at {authKeyFile}");
        if (caCert is not null && insecure) throw new UsageException("give --ca-cert or --insecure, not both");
        if (caCert is not null && !File.Exists(caCert)) throw new UsageException($"--ca-cert: no file at {caCert}");

        return new BenchOptions
        {
            Urls = urls,
            AuthKeyFile = authKeyFile,
            CaCertFile = caCert,
            Insecure = insecure,
            ContentHash = result.GetValue(line.ContentHash),
            Connections = connections,
            Duration = duration,
            Warmup = warmup,
            Scenarios = scenarios.Count > 0 ? scenarios : ScenarioNames.All,
            Keys = keys,
            ColdKeys = coldKeys,
            ColdWait = coldWait,
            SteadyMax = steadyMax,
            SteadyWithin = steadyWithin,
            ServerPids = serverPids,
            Baseline = !result.GetValue(line.NoBaseline),
            Slices = slices,
        };
    }

    /// <summary>A whole-number option within bounds; also for the other bench tools (<c>Kms.Compare</c>).</summary>
    public static int Count(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{name} '{text}' must be a whole number from {min} to {max}");

    /// <summary>An option in seconds, at most a day; also for the other bench tools (<c>Kms.Compare</c>).</summary>
    public static TimeSpan Seconds(string name, string text, bool allowZero) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0)) && s <= 86_400
            ? TimeSpan.FromSeconds(s)
            : throw new UsageException($"{name} '{text}' must be a number of seconds{(allowZero ? "" : " above 0")}, at most 86400");
}
