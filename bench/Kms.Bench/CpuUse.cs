namespace Kms.Bench;

/// <summary>CPU time spent during a measured window by the server (when its pid is known), the bench, and the whole machine.</summary>
public sealed record CpuUse(TimeSpan? Server, TimeSpan Client, TimeSpan? Machine)
{
    /// <summary>CPU time of every other process on the machine: what disturbed the measurement.</summary>
    public TimeSpan? Others => Server is { } server && Machine is { } machine ? machine - server - Client : null;

    /// <summary>The CPU of several windows together; a figure missing from any window is missing from the sum.</summary>
    public static CpuUse Sum(IEnumerable<CpuUse> windows)
    {
        TimeSpan? server = TimeSpan.Zero, machine = TimeSpan.Zero;
        var client = TimeSpan.Zero;
        foreach (var window in windows)
        {
            server += window.Server;
            client += window.Client;
            machine += window.Machine;
        }
        return new CpuUse(server, client, machine);
    }
}
