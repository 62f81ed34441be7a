using System.Text.Json;
using Kms.Node.Hosting;

namespace Kms.Node.Tests.Hosting;

/// <summary>
/// The garbage collector the node ships with: Server GC with DATAS off.
/// The settings live in the node's runtimeconfig.json, so every launcher (dotnet run, the image, the bench) gets them.
/// </summary>
public class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(KmsNode).Assembly.Location)!, "Kms.Node.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void The_node_runs_server_gc()
    {
        Assert.True(ConfigProperties().GetProperty("System.GC.Server").GetBoolean());
    }

    [Fact]
    public void Dynamic_adaptation_is_off_so_gen0_budgets_stay_large()
    {
        Assert.Equal(0, ConfigProperties().GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }
}
