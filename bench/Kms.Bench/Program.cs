using System.Globalization;
using Kms.Bench;

BenchOptions? options;
try
{
    options = BenchOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine("Kms.Bench: " + e.Message);
    return 2;
}
if (options is null)
{
    new BenchCommandLine().WriteHelp(Console.Out);
    return 0;
}

var log = Console.Error;
using var client = GoKmsClient.Create(options);
ProcessCpu[] servers = [.. options.ServerPids.Select(pid => new ProcessCpu(pid))];
var runner = new LoadRunner(client, options.Connections, servers);
var steady = new SteadyWarmup(runner, options.Warmup, options.SteadyMax, options.SteadyWithin);
var scenarios = new ScenarioCatalog(client, options, log);
var results = new List<ScenarioResult>();

log.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Kms.Bench: {string.Join(" ", options.Urls)} with {options.Connections} connections, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per scenario{(servers.Length == 0 ? "" : $", server pid {string.Join(" ", options.ServerPids)}")}"));

Workload? baseline = null;
if (!options.Baseline)
{
    log.WriteLine("baseline: skipped (--no-baseline)");
}
else if (await Probe(client))
{
    baseline = new Workload.ClosedLoop(Requests.Liveness);
    log.WriteLine(options.Slices == 1
        ? "baseline: GET /healthz/live, measured just before each scenario"
        : $"baseline: GET /healthz/live, measured in turns with each scenario ({options.Slices} slices each)");
}
else
{
    log.WriteLine("baseline: the server has no GET /healthz/live: baseline 0, ratios null");
}

var paired = new PairedRunner(runner, options.Slices, options.Warmup, options.Duration);
var baselines = new List<Measurement>();
var exitCode = 0;
foreach (var name in options.Scenarios)
{
    try
    {
        log.WriteLine($"{name}: setup");
        var workload = await scenarios.Prepare(name);
        if (workload is Workload.ClosedLoop loop) log.WriteLine($"{name}: warm-up {await steady.Run(loop)}");
        log.WriteLine($"{name}: measuring");
        var (measured, ownBaseline) = await paired.Run(workload, baseline);
        if (ownBaseline is not null) baselines.Add(ownBaseline);
        var result = new ScenarioResult(name, measured, ownBaseline?.RequestsPerSecond ?? 0, options.Nodes);
        results.Add(result);
        Console.Out.WriteLine(result.ToJsonLine());
        Console.Out.Flush();
    }
    catch (SetupException e)
    {
        log.WriteLine($"{name}: setup failed, stopping: {e.Message}");
        exitCode = 1;
        break;
    }
}

log.WriteLine();
ResultTable.Write(log, baselines.Count > 0 ? Measurement.Combine(baselines) : null, results, options.ServerPids);
return exitCode;

static async Task<bool> Probe(GoKmsClient client)
{
    try
    {
        using var message = client.NewMessage(Requests.Liveness());
        using var response = await client.Http.SendAsync(message);
        return response.IsSuccessStatusCode;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return false;
    }
}
