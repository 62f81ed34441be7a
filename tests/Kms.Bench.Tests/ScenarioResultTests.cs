using System.Text.Json;

namespace Kms.Bench.Tests;

public sealed class ScenarioResultTests
{
    private static Measurement Measured(params TimeSpan?[] servers) =>
        new(100, 0, TimeSpan.FromSeconds(1), [], new CpuUse(servers, TimeSpan.Zero, null), null, null);

    [Fact]
    public void Server_cpu_per_request_is_the_sum_over_the_processes_and_each_is_listed()
    {
        var result = new ScenarioResult("encrypt-256-hot", Measured(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30)), 0, Nodes: 2);

        using var json = JsonDocument.Parse(result.ToJsonLine());

        Assert.Equal(2, json.RootElement.GetProperty("nodes").GetInt32());
        Assert.Equal(400, json.RootElement.GetProperty("server_cpu_us_per_req").GetDouble());
        Assert.Equal([100.0, 300.0], json.RootElement.GetProperty("server_cpu_us_per_req_each").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public void One_unreadable_process_makes_the_sum_null_but_keeps_the_others()
    {
        var result = new ScenarioResult("encrypt-256-hot", Measured(TimeSpan.FromMilliseconds(10), null), 0, Nodes: 2);

        using var json = JsonDocument.Parse(result.ToJsonLine());

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("server_cpu_us_per_req").ValueKind);
        var each = json.RootElement.GetProperty("server_cpu_us_per_req_each").EnumerateArray().ToArray();
        Assert.Equal(100, each[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, each[1].ValueKind);
    }

    [Fact]
    public void One_process_has_no_list_and_no_process_has_a_null_sum()
    {
        using var one = JsonDocument.Parse(new ScenarioResult("s", Measured(TimeSpan.FromMilliseconds(10)), 0).ToJsonLine());
        using var none = JsonDocument.Parse(new ScenarioResult("s", Measured(), 0).ToJsonLine());

        Assert.Equal(100, one.RootElement.GetProperty("server_cpu_us_per_req").GetDouble());
        Assert.False(one.RootElement.TryGetProperty("server_cpu_us_per_req_each", out _));
        Assert.Equal(1, one.RootElement.GetProperty("nodes").GetInt32());
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("server_cpu_us_per_req").ValueKind);
    }
}
