using Kms.Actors;
using Prometheus;

namespace Kms.Gateway.Observability;

/// <summary>
/// Exports the Kms meter (<see cref="KmsMetrics"/>) at <c>/metrics</c> through one prometheus-net <see cref="MeterAdapter"/>,
/// started with the node so that measurements made before the first scrape are counted, with buckets for latencies.
/// Only that meter: listening to ASP.NET Core's and Kestrel's meters as well records several instruments on every
/// request, which cost a hot request about half as much again (measured side by side with <c>bench/Kms.Compare</c>).
/// </summary>
public static class MetricsExporter
{
    /// <summary>0.5 ms to about 16 s.</summary>
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.0005, 2, 16);

    /// <summary>
    /// The adapter drops a label combination not used for this long (it cannot know whether one will come back), and
    /// allows at most a day: a series that comes back starts again from its first measurement, as after a restart.
    /// </summary>
    private static readonly TimeSpan UnusedSeriesExpireAfter = TimeSpan.FromDays(1);

    private static IDisposable? _adapter;
    private static readonly Lock Starting = new();

    /// <summary>Starts the export once per process (nodes in one test process share it, as they share the meter).</summary>
    public static void Start()
    {
        lock (Starting)
        {
            if (_adapter is not null) return;
            Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
            _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
            {
                InstrumentFilterPredicate = instrument => instrument.Meter == KmsMetrics.Meter,
                ResolveHistogramBuckets = _ => LatencyBuckets,
                MetricsExpireAfter = UnusedSeriesExpireAfter,
            });
        }
    }
}
