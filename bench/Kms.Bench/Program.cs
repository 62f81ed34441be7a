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
    Console.Out.WriteLine(BenchOptions.Usage);
    return 0;
}

var log = Console.Error;
using var client = GoKmsClient.Create(options);
var server = options.ServerPid is { } pid ? new ProcessCpu(pid) : null;
var runner = new LoadRunner(client, options.Connections, server);
var scenarios = new ScenarioCatalog(client, options, log);
var results = new List<ScenarioResult>();

log.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Kms.Bench: {options.Url} with {options.Connections} connections, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per scenario{(server is null ? "" : $", server pid {server.Pid}")}"));

Measurement? baseline = null;
if (!options.Baseline)
{
    log.WriteLine("baseline: skipped (--no-baseline)");
}
else if (await Probe(client))
{
    log.WriteLine("baseline: GET /healthz/live");
    baseline = await runner.Run(new Workload.ClosedLoop(_ => Requests.Liveness()), options.Warmup, options.Duration);
    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {baseline.RequestsPerSecond:0} req/s"));
}
else
{
    log.WriteLine("baseline: the server has no GET /healthz/live: baseline 0, ratios null");
}

var exitCode = 0;
foreach (var name in options.Scenarios)
{
    try
    {
        log.WriteLine($"{name}: setup");
        var workload = await scenarios.Prepare(name);
        log.WriteLine($"{name}: measuring");
        var measured = await runner.Run(workload, options.Warmup, options.Duration);
        var result = new ScenarioResult(name, measured, baseline?.RequestsPerSecond ?? 0);
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
ResultTable.Write(log, baseline, results);
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
