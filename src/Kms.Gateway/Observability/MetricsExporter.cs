using Kms.Actors;
using Prometheus;

namespace Kms.Gateway.Observability;

/// <summary>
/// Exports every .NET meter at <c>/metrics</c> through one prometheus-net <see cref="MeterAdapter"/>: the Kms meter
/// (<see cref="KmsMetrics"/>), the runtime's and Kestrel's. It replaces the adapter prometheus-net would start at the
/// first scrape, so that measurements made before it are counted, and gives Kms's histograms buckets for latencies.
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
                ResolveHistogramBuckets = instrument => instrument.Meter == KmsMetrics.Meter ? LatencyBuckets : MeterAdapterOptions.DefaultHistogramBuckets,
                MetricsExpireAfter = UnusedSeriesExpireAfter,
            });
        }
    }
}
