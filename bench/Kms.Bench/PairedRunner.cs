namespace Kms.Bench;

/// <summary>
/// Measures a scenario and the baseline in turns: a baseline slice, then a scenario slice, as many times as
/// there are slices, each slice that share of the duration. The speed of a small shared machine drifts over
/// seconds; measured in turns, the two drift together and their ratio
/// keeps what the server does. A workload that sends each request once cannot be cut into slices: its
/// baseline is one slice measured just before it.
/// </summary>
public sealed class PairedRunner(LoadRunner runner, int slices, TimeSpan warmup, TimeSpan duration)
{
    /// <summary>Unmeasured time before every slice after the first of its kind, whose warm-up is the full one.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(0.5);

    /// <summary>The scenario's measurement, and its own baseline's when a baseline workload is given.</summary>
    public async Task<(Measurement Scenario, Measurement? Baseline)> Run(Workload scenario, Workload? baseline)
    {
        if (baseline is null) return (await runner.Run(scenario, warmup, duration), null);
        var slice = duration / slices;
        if (scenario is not Workload.ClosedLoop)
        {
            var before = await runner.Run(baseline, warmup, slice);
            return (await runner.Run(scenario, warmup, duration), before);
        }

        var baselines = new List<Measurement>(slices);
        var scenarios = new List<Measurement>(slices);
        for (var i = 0; i < slices; i++)
        {
            var settle = i == 0 ? warmup : TimeSpan.FromTicks(Math.Min(warmup.Ticks, Settle.Ticks));
            baselines.Add(await runner.Run(baseline, settle, slice));
            scenarios.Add(await runner.Run(scenario, settle, slice));
        }
        return (Measurement.Combine(scenarios), Measurement.Combine(baselines));
    }
}
