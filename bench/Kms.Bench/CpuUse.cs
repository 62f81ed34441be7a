namespace Kms.Bench;

/// <summary>
/// CPU time spent during a measured window by each server process whose pid is known (in the order given),
/// the bench, and the whole machine.
/// </summary>
public sealed record CpuUse(IReadOnlyList<TimeSpan?> Servers, TimeSpan Client, TimeSpan? Machine)
{
    /// <summary>All server processes together; null when none is known or one could not be read.</summary>
    public TimeSpan? Server => Servers.Count == 0 ? null : Servers.Aggregate((TimeSpan?)TimeSpan.Zero, (sum, s) => sum + s);

    /// <summary>CPU time of every other process on the machine: what disturbed the measurement.</summary>
    public TimeSpan? Others => Server is { } server && Machine is { } machine ? machine - server - Client : null;

    /// <summary>The CPU of several windows together; a figure missing from any window is missing from the sum.</summary>
    public static CpuUse Sum(IReadOnlyList<CpuUse> windows)
    {
        var servers = new TimeSpan?[windows.Count == 0 ? 0 : windows.Min(w => w.Servers.Count)];
        Array.Fill(servers, TimeSpan.Zero);
        TimeSpan? machine = TimeSpan.Zero;
        var client = TimeSpan.Zero;
        foreach (var window in windows)
        {
            for (var i = 0; i < servers.Length; i++) servers[i] += window.Servers[i];
            client += window.Client;
            machine += window.Machine;
        }
        return new CpuUse(servers, client, machine);
    }
}
