using System.Text;
using System.Text.Json;

namespace Kms.Bench;

/// <summary>
/// One scenario's numbers, as a JSON line (fixed field names) and as a table row. <c>server_cpu_us_per_req</c>
/// is the sum over all watched server processes; with more than one, <c>server_cpu_us_per_req_each</c> has
/// each process's share in the order their pids were given.
/// </summary>
public sealed record ScenarioResult(string Scenario, Measurement Measured, double BaselineRps, int Nodes = 1)
{
    /// <summary>Throughput relative to the health-probe baseline; null when there is no baseline.</summary>
    public double? Ratio => BaselineRps > 0 ? Measured.RequestsPerSecond / BaselineRps : null;

    public string ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("scenario", Scenario);
            json.WriteNumber("nodes", Nodes);
            json.WriteNumber("rps", Math.Round(Measured.RequestsPerSecond, 1));
            json.WriteNumber("p50_ms", Math.Round(Measured.PercentileMs(50), 3));
            json.WriteNumber("p95_ms", Math.Round(Measured.PercentileMs(95), 3));
            json.WriteNumber("p99_ms", Math.Round(Measured.PercentileMs(99), 3));
            json.WriteNumber("errors", Measured.Failed);
            json.WriteNumber("baseline_rps", Math.Round(BaselineRps, 1));
            WriteNullable(json, "ratio", Ratio, 3);
            WriteNullable(json, "server_cpu_us_per_req", Measured.ServerCpuMicrosPerRequest, 1);
            if (Measured.Cpu.Servers.Count > 1)
            {
                json.WriteStartArray("server_cpu_us_per_req_each");
                foreach (var each in Measured.ServerCpuMicrosPerRequestEach)
                {
                    if (each is { } v) json.WriteNumberValue(Math.Round(v, 1));
                    else json.WriteNullValue();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value, int digits)
    {
        if (value is { } v) json.WriteNumber(name, Math.Round(v, digits));
        else json.WriteNull(name);
    }
}
