using System.Diagnostics.Metrics;
using Kms.Actors;
using Kms.Actors.Persistence;
using Prometheus;

namespace Kms.Gateway.Observability;

/// <summary>Publishes the actors' .NET meters (<see cref="KmsMetrics"/>) as Prometheus metrics at <c>/metrics</c>.</summary>
public static class ActorMetricsBridge
{
    private static readonly Gauge ActiveKeyActors = Metrics.CreateGauge("kms_active_key_actors", "Key actors alive on this node (each holds its unwrapped material).");
    private static readonly Histogram JournalWrites = Metrics.CreateHistogram("kms_journal_write_seconds", "Time from asking the journal to persist a key change to its confirmation.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
    private static readonly Gauge JournalAvailable = Metrics.CreateGauge("kms_journal_available",
        "1 while the journal takes writes, 0 while changes are refused because its database does not answer.");
    private static MeterListener? _listener;

    public static void Start()
    {
        if (Interlocked.CompareExchange(ref _listener, new MeterListener(), null) is not null) return;
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() => JournalAvailable.Set(JournalAvailability.AllAvailableInProcess ? 1 : 0));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == KmsMetrics.Meter) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument == KmsMetrics.ActiveKeyActors) ActiveKeyActors.Inc(value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument == KmsMetrics.JournalWriteSeconds) JournalWrites.Observe(value);
        });
        _listener.Start();
    }
}
