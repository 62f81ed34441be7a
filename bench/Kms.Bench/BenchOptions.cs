using System.Globalization;

namespace Kms.Bench;

/// <summary>The command line, parsed by hand: <c>--name value</c> or <c>--name=value</c>.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: Kms.Bench --url https://localhost:8011 --auth-key-file FILE (--ca-cert FILE | --insecure) [options]

          --url URL              base URL of a node speaking the go-kms API; repeatable: requests
                                 (setup and measured) go to the nodes in turn, round-robin
          --auth-key-file FILE   the shared HMAC key (one trailing newline is ignored)
          --ca-cert FILE         trust exactly this PEM certificate
          --insecure             accept any server certificate
          --connections N        concurrent keep-alive connections and workers (default 32)
          --duration SECONDS     measured time per scenario (default 10)
          --warmup SECONDS       unmeasured time before each measurement (default 2)
          --steady-max SECONDS   before a scenario sent in a loop is measured, it runs unmeasured in
                                 slices of --warmup until two slices in a row agree within
                                 --steady-within on req/s (and on server CPU per request when a
                                 --server-pid is given), for at most this long (default 30; 0 = off)
          --steady-within PCT    tolerance of the steady warm-up, in percent (default 5)
          --scenario NAME        repeatable; all when none is given:
                                 encrypt-256-hot decrypt-256-hot encrypt-4k-hot decrypt-4k-hot
                                 encrypt-256-spread generatedatakey createkey cold-key
          --keys N               keys for encrypt-256-spread, created in setup (default 10000)
          --cold-keys N          keys for cold-key, each used once (default 2000)
          --cold-wait SECONDS    wait between creating the cold keys and using them (default 0);
                                 must exceed the node's Kms__Keys__PassivateIdleAfter
          --server-pid PID       report the server's CPU time per request (Linux /proc); repeatable:
                                 the sum over all processes, and each one's in a second table
          --slices N             the baseline and each scenario take turns, N times each, in slices of
                                 duration/N, so a ratio compares two measurements of the same stretch
                                 of time (default 5; 1 = one baseline just before each scenario)
          --no-baseline          skip the GET /healthz/live baseline (ratios are then null)
          --content-hash         sign each body's SHA-256 (x-kms-content-sha256) as the kms CLI does; without
                                 it, legacy go-kms signing (go-kms itself knows no other)

        JSON lines (one per scenario) go to standard output; progress and the table to standard error.
        """;

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
        var urls = new List<Uri>();
        string? authKeyFile = null, caCert = null;
        bool insecure = false, baseline = true, contentHash = false;
        int connections = 32, keys = 10_000, coldKeys = 2_000, slices = 5;
        var serverPids = new List<int>();
        TimeSpan duration = TimeSpan.FromSeconds(10), warmup = TimeSpan.FromSeconds(2), coldWait = TimeSpan.Zero;
        var steadyMax = TimeSpan.FromSeconds(30);
        var steadyWithin = 0.05;
        var scenarios = new List<string>();

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") return null;
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unexpected argument '{arg}' (try --help)");
            string name = arg, inline = "";
            var equals = arg.IndexOf('=');
            if (equals > 0) (name, inline) = (arg[..equals], arg[(equals + 1)..]);
            string Value()
            {
                if (equals > 0) return inline;
                if (i + 1 >= args.Count) throw new UsageException($"{name} needs a value");
                return args[++i];
            }

            switch (name)
            {
                case "--url":
                    var text = Value();
                    if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                        throw new UsageException($"--url '{text}' is not an http(s) URL");
                    if (urls.Contains(url)) throw new UsageException($"--url {url} is given twice");
                    urls.Add(url);
                    break;
                case "--auth-key-file": authKeyFile = Value(); break;
                case "--ca-cert": caCert = Value(); break;
                case "--insecure":
                    if (equals > 0) throw new UsageException("--insecure takes no value");
                    insecure = true;
                    break;
                case "--content-hash":
                    if (equals > 0) throw new UsageException("--content-hash takes no value");
                    contentHash = true;
                    break;
                case "--no-baseline":
                    if (equals > 0) throw new UsageException("--no-baseline takes no value");
                    baseline = false;
                    break;
                case "--connections": connections = Count(name, Value(), 1, 10_000); break;
                case "--duration": duration = Seconds(name, Value(), allowZero: false); break;
                case "--warmup": warmup = Seconds(name, Value(), allowZero: true); break;
                case "--steady-max": steadyMax = Seconds(name, Value(), allowZero: true); break;
                case "--steady-within": steadyWithin = Count(name, Value(), 1, 100) / 100.0; break;
                case "--scenario":
                    var scenario = Value();
                    if (!ScenarioNames.All.Contains(scenario))
                        throw new UsageException($"unknown scenario '{scenario}' (known: {string.Join(", ", ScenarioNames.All)})");
                    if (!scenarios.Contains(scenario)) scenarios.Add(scenario);
                    break;
                case "--slices": slices = Count(name, Value(), 1, 100); break;
                case "--keys": keys = Count(name, Value(), 1, 10_000_000); break;
                case "--cold-keys": coldKeys = Count(name, Value(), 1, 10_000_000); break;
                case "--cold-wait": coldWait = Seconds(name, Value(), allowZero: true); break;
                case "--server-pid":
                    var pid = Count(name, Value(), 1, int.MaxValue);
                    if (!ProcessCpu.Exists(pid)) throw new UsageException($"--server-pid {pid}: no such process (or no /proc/{pid}/stat)");
                    if (serverPids.Contains(pid)) throw new UsageException($"--server-pid {pid} is given twice");
                    serverPids.Add(pid);
                    break;
                default:
                    throw new UsageException($"unknown option '{name}' (try --help)");
            }
        }

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
            ContentHash = contentHash,
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
            Baseline = baseline,
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
