using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text.Json;
using Kms.Bench;

// Two builds of a server, side by side: the same scenario against each in short alternating slices (A then B,
// then B then A, and so on), so that both meet the machine's slow and fast stretches alike, and the CPU each
// spends per request compared slice by slice (docs/performance.md).
var a = Value("--a", "URL,AUTH_KEY_FILE,CA_CERT,PID", "server A: its base URL, shared-key file, PEM certificate, process id (required)");
var b = Value("--b", "URL,AUTH_KEY_FILE,CA_CERT,PID", "server B, as --a (required)");
var scenarioOption = Value("--scenario", "NAME", "one Kms.Bench scenario that repeats its requests (default encrypt-256-hot)");
var roundsOption = Value("--rounds", "N", "pairs of slices (default 20)");
var sliceOption = Value("--slice", "SECONDS", "measured time of each slice (default 2), after 0.5 s unmeasured");
var warmupOption = Value("--warmup", "SECONDS", "unmeasured load on each server before the first round (default 10)");
var connectionsOption = Value("--connections", "N", "concurrent keep-alive connections (default 32)");
var command = new RootCommand("Kms.Compare: two builds of a server side by side, one scenario in alternating slices. One line per round and a JSON summary go to standard output.")
{
    a, b, scenarioOption, roundsOption, sliceOption, warmupOption, connectionsOption,
};
var parsed = command.Parse(args, BenchCommandLine.Parsing);
if (parsed.Action is HelpAction) return parsed.Invoke();

Target targetA, targetB;
var scenario = ScenarioNames.Encrypt256Hot;
int rounds = 20, connections = 32;
TimeSpan slice = TimeSpan.FromSeconds(2), warmup = TimeSpan.FromSeconds(10);
try
{
    BenchCommandLine.ThrowFirstError(parsed);
    if (parsed.GetValue(a) is null || parsed.GetValue(b) is null) throw new UsageException("Both --a and --b are required.");
    targetA = Target.Parse(parsed.GetValue(a)!);
    targetB = Target.Parse(parsed.GetValue(b)!);
    scenario = parsed.GetValue(scenarioOption) ?? scenario;
    if (parsed.GetValue(roundsOption) is { } r) rounds = BenchOptions.Count("--rounds", r, 1, 10_000);
    if (parsed.GetValue(connectionsOption) is { } c) connections = BenchOptions.Count("--connections", c, 1, 10_000);
    if (parsed.GetValue(sliceOption) is { } s) slice = BenchOptions.Seconds("--slice", s, allowZero: false);
    if (parsed.GetValue(warmupOption) is { } w) warmup = BenchOptions.Seconds("--warmup", w, allowZero: false);
    if (!ScenarioNames.All.Contains(scenario) || scenario is ScenarioNames.ColdKey)
        throw new UsageException($"--scenario must be one of {string.Join(", ", ScenarioNames.All.Where(n => n != ScenarioNames.ColdKey))}.");
}
catch (UsageException e)
{
    Console.Error.WriteLine("Kms.Compare: " + e.Message);
    return 2;
}

Side[] sides;
try
{
    sides = [await Side.Prepare(targetA, scenario, connections), await Side.Prepare(targetB, scenario, connections)];
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

static Option<string> Value(string name, string valueName, string description) => new(name) { HelpName = valueName, Description = description };

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
