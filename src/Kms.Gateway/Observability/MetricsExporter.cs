using System.Diagnostics.Metrics;
using System.Numerics;
using Kms.Actors;
using Prometheus;

namespace Kms.Gateway.Observability;

/// <summary>
/// Exports the Kms meter (<see cref="KmsMetrics"/>) at <c>/metrics</c> through prometheus-net, each instrument as the
/// Prometheus type it is: a counter as a counter, an up-down counter or a gauge as a gauge, a histogram as a histogram
/// with buckets for latencies. A metric is named <c>kms_</c> followed by the instrument's name, with its description as
/// help and the names of the tags of its first measurement as labels. prometheus-net's own <c>MeterAdapter</c> cannot
/// do this: it exports every counter as a gauge (an instrument may be re-created, and a counter must not go down) and
/// appends the instrument's type to the help; it also cost a hot request more (docs/performance.md). The Kms
/// instruments live as long as the process, so their counters only go up.
/// Started with the node so that measurements made before the first scrape are counted. Only that meter: listening to
/// ASP.NET Core's and Kestrel's meters as well records several instruments on every request, which cost a hot request
/// about half as much again (measured side by side with <c>bench/Kms.Compare</c>).
/// </summary>
public static class MetricsExporter
{
    /// <summary>0.5 ms to about 16 s: every Kms histogram measures seconds.</summary>
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.0005, 2, 16);

    private static MeterListener? _listener;
    private static readonly Lock Starting = new();

    /// <summary>Starts the export once per process (nodes in one test process share it, as they share the meter).</summary>
    public static void Start()
    {
        lock (Starting)
        {
            if (_listener is not null) return;
            Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter == KmsMetrics.Meter) listener.EnableMeasurementEvents(instrument, new ExportedInstrument(instrument));
                },
            };
            listener.SetMeasurementEventCallback<int>(Record);
            listener.SetMeasurementEventCallback<long>(Record);
            listener.SetMeasurementEventCallback<double>(Record);
            listener.Start();
            Metrics.DefaultRegistry.AddBeforeCollectCallback(listener.RecordObservableInstruments);
            _listener = listener;
        }
    }

    private static void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumber<T> =>
        ((ExportedInstrument)state!).Record(double.CreateTruncating(value), tags);

    /// <summary>One instrument's Prometheus metric, made at its first measurement, when the names of its labels are known.</summary>
    private sealed class ExportedInstrument(Instrument instrument)
    {
        private readonly string _name = $"{instrument.Meter.Name.ToLowerInvariant()}_{instrument.Name}";
        private readonly Type _kind = instrument.GetType().GetGenericTypeDefinition();

        /// <summary>Set once, whole: a thread that sees it sees its label names with it.</summary>
        private Export? _export;

        private sealed record Export(string[] LabelNames, Action<string[], double> Record);

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var export = _export ?? Create(tags);
            export.Record(LabelValues(export.LabelNames, tags), value);
        }

        private static string[] LabelValues(string[] labelNames, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (labelNames.Length == 0) return [];
            var values = new string[labelNames.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = "";
                foreach (var tag in tags)
                    if (tag.Key == labelNames[i]) values[i] = tag.Value as string ?? tag.Value?.ToString() ?? "";
            }
            return values;
        }

        /// <summary>prometheus-net returns the metric it already has for a name, so two first measurements at once make one.</summary>
        private Export Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labelNames = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++) labelNames[i] = tags[i].Key;
            var help = instrument.Description ?? "";
            Action<string[], double> record;
            if (_kind == typeof(Counter<>))
            {
                var counter = Metrics.CreateCounter(_name, help, labelNames);
                record = (labels, value) => (labels.Length == 0 ? (ICounter)counter : counter.WithLabels(labels)).Inc(value);
            }
            else if (_kind == typeof(ObservableCounter<>))
            {
                var counter = Metrics.CreateCounter(_name, help, labelNames);
                record = (labels, total) => (labels.Length == 0 ? (ICounter)counter : counter.WithLabels(labels)).IncTo(total);
            }
            else if (_kind == typeof(UpDownCounter<>))
            {
                var gauge = Metrics.CreateGauge(_name, help, labelNames);
                record = (labels, value) => (labels.Length == 0 ? (IGauge)gauge : gauge.WithLabels(labels)).Inc(value);
            }
            else if (_kind == typeof(Histogram<>))
            {
                var histogram = Metrics.CreateHistogram(_name, help, new HistogramConfiguration { LabelNames = labelNames, Buckets = LatencyBuckets });
                record = (labels, value) => (labels.Length == 0 ? (IHistogram)histogram : histogram.WithLabels(labels)).Observe(value);
            }
            else
            {
                var gauge = Metrics.CreateGauge(_name, help, labelNames);
                record = (labels, value) => (labels.Length == 0 ? (IGauge)gauge : gauge.WithLabels(labels)).Set(value);
            }
            return _export = new Export(labelNames, record);
        }
    }
}
