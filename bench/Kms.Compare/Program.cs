using System.Globalization;
using System.Text.Json;
using Kms.Bench;

// Two builds of a server, side by side: the same scenario against each in short alternating slices (A then B,
// then B then A, and so on), so that both meet the machine's slow and fast stretches alike, and the CPU each
// spends per request compared slice by slice (docs/performance.md).
const string usage = """
    Usage: Kms.Compare --a URL,AUTH_KEY_FILE,CA_CERT,PID --b URL,AUTH_KEY_FILE,CA_CERT,PID [options]

      --a, --b              each server: its base URL, shared-key file, PEM certificate, process id
      --scenario NAME       one Kms.Bench scenario that repeats its requests (default encrypt-256-hot)
      --rounds N            pairs of slices (default 20)
      --slice SECONDS       measured time of each slice (default 2), after 0.5 s unmeasured
      --warmup SECONDS      unmeasured load on each server before the first round (default 10)
      --connections N       concurrent keep-alive connections (default 32)

    One line per round and a JSON summary go to standard output.
    """;

Target? a = null, b = null;
var scenario = ScenarioNames.Encrypt256Hot;
int rounds = 20, connections = 32;
TimeSpan slice = TimeSpan.FromSeconds(2), warmup = TimeSpan.FromSeconds(10);
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => ++i < args.Length ? args[i] : throw new UsageException($"{args[i - 1]} needs a value.");
        switch (args[i])
        {
            case "--a": a = Target.Parse(Value()); break;
            case "--b": b = Target.Parse(Value()); break;
            case "--scenario": scenario = Value(); break;
            case "--rounds": rounds = BenchOptions.Count(args[i], Value(), 1, 10_000); break;
            case "--connections": connections = BenchOptions.Count(args[i], Value(), 1, 10_000); break;
            case "--slice": slice = BenchOptions.Seconds(args[i], Value(), allowZero: false); break;
            case "--warmup": warmup = BenchOptions.Seconds(args[i], Value(), allowZero: false); break;
            case "--help" or "-h": Console.Out.WriteLine(usage); return 0;
            default: throw new UsageException($"Unknown option {args[i]}.");
        }
    }
    if (a is null || b is null) throw new UsageException("Both --a and --b are required.");
    if (!ScenarioNames.All.Contains(scenario) || scenario is ScenarioNames.ColdKey)
        throw new UsageException($"--scenario must be one of {string.Join(", ", ScenarioNames.All.Where(n => n != ScenarioNames.ColdKey))}.");
}
catch (UsageException e)
{
    Console.Error.WriteLine("Kms.Compare: " + e.Message);
    Console.Error.WriteLine(usage);
    return 2;
}

Side[] sides;
try
{
    sides = [await Side.Prepare(a, scenario, connections), await Side.Prepare(b, scenario, connections)];
}
catch (Exception e) when (e is SetupException or UsageException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"Kms.Compare: {scenario} setup failed: {e.Message}");
    return 1;
}
foreach (var side in sides) await side.Runner.Run(side.Workload, TimeSpan.Zero, warmup);

var micros = new[] { new List<double>(), new List<double>() };
var rates = new[] { new List<double>(), new List<double>() };
for (var round = 0; round < rounds; round++)
{
    foreach (var k in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
    {
        var measured = await sides[k].Runner.Run(sides[k].Workload, TimeSpan.FromSeconds(0.5), slice);
        if (measured.Failed > 0) Console.Error.WriteLine($"round {round + 1}, {(k == 0 ? "A" : "B")}: {measured.Failed} errors, first: {measured.FirstError}");
        micros[k].Add(measured.ServerCpuMicrosPerRequest ?? double.NaN);
        rates[k].Add(measured.RequestsPerSecond);
    }
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round + 1}: A {rates[0][round]:0} req/s {micros[0][round]:0.0} µs, B {rates[1][round]:0} req/s {micros[1][round]:0.0} µs, B-A {micros[1][round] - micros[0][round]:+0.0;-0.0} µs"));
}

var differences = micros[1].Zip(micros[0], (y, x) => y - x).ToList();
Console.Out.WriteLine(JsonSerializer.Serialize(new
{
    scenario,
    rounds,
    a_us_per_req = Median(micros[0]),
    b_us_per_req = Median(micros[1]),
    b_minus_a_us_median = Median(differences),
    b_minus_a_us_mean = Math.Round(differences.Average(), 2),
    rounds_b_lower = differences.Count(d => d < 0),
    b_over_a_rps_median = Math.Round(Median(rates[1].Zip(rates[0], (y, x) => y / x).ToList()), 3),
}));
return 0;

static double Median(IReadOnlyCollection<double> values)
{
    var sorted = values.Order().ToArray();
    var middle = sorted.Length / 2;
    return Math.Round(sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, 2);
}

/// <summary>One server to compare: where it is, how to sign for it, and which process spends its CPU.</summary>
internal sealed record Target(Uri Url, string AuthKeyFile, string CaCertFile, int Pid)
{
    public static Target Parse(string text)
    {
        if (text.Split(',') is not [var url, var key, var ca, var pid]
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !int.TryParse(pid, CultureInfo.InvariantCulture, out var id))
            throw new UsageException($"'{text}' is not URL,AUTH_KEY_FILE,CA_CERT,PID.");
        if (!File.Exists(key)) throw new UsageException($"no auth key file at {key}");
        if (!File.Exists(ca)) throw new UsageException($"no CA certificate at {ca}");
        if (!ProcessCpu.Exists(id)) throw new UsageException($"no process {id} (or no /proc/{id}/stat)");
        return new Target(uri, key, ca, id);
    }
}

/// <summary>A target's client, load runner and prepared workload.</summary>
internal sealed record Side(LoadRunner Runner, Workload Workload)
{
    public static async Task<Side> Prepare(Target target, string scenario, int connections)
    {
        var options = new BenchOptions
        {
            Urls = [target.Url], AuthKeyFile = target.AuthKeyFile, CaCertFile = target.CaCertFile,
            Connections = connections, ServerPids = [target.Pid],
        };
        var client = GoKmsClient.Create(options);
        var workload = await new ScenarioCatalog(client, options, TextWriter.Null).Prepare(scenario);
        return new Side(new LoadRunner(client, connections, [new ProcessCpu(target.Pid)]), workload);
    }
}
