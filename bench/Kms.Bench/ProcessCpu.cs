using System.Globalization;
using System.Runtime.InteropServices;

namespace Kms.Bench;

/// <summary>Another process's CPU time and resident memory, read from Linux's <c>/proc</c>.</summary>
public sealed class ProcessCpu(int pid)
{
    private const int ScClockTicks = 2;

    /// <summary>Clock ticks per second for <c>/proc/PID/stat</c> (<c>getconf CLK_TCK</c>, 100 on Linux).</summary>
    public static readonly long TicksPerSecond = ReadTicksPerSecond();

    public int Pid => pid;

    public static bool Exists(int pid) => File.Exists($"/proc/{pid}/stat");

    /// <summary>utime + stime of the process, or null once it can no longer be read (the process ended).</summary>
    public TimeSpan? CpuTime()
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 (utime) and 15 (stime) of the whole line are 12 and 13 after the name.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(ticks * TimeSpan.TicksPerSecond / TicksPerSecond);
    }

    /// <summary>VmRSS from <c>/proc/PID/status</c> in bytes, or null when it cannot be read.</summary>
    public long? ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    private static long ReadTicksPerSecond()
    {
        try
        {
            var ticks = sysconf(ScClockTicks);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long sysconf(int name);
}
