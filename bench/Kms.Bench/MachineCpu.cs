using System.Globalization;

namespace Kms.Bench;

/// <summary>
/// CPU time the whole machine spent busy, from the first line of Linux's <c>/proc/stat</c>. With the
/// server's and the bench's own times it shows how much other processes took during a measurement.
/// </summary>
public static class MachineCpu
{
    /// <summary>All CPUs' busy time (everything but idle and iowait), or null where there is no /proc/stat.</summary>
    public static TimeSpan? BusyTime()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = (reader.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || fields[0] != "cpu") return null;
            // user nice system idle iowait irq softirq steal ...: guest time is already in user.
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + (fields.Length > 8 ? Field(8) : 0);
            return TimeSpan.FromTicks(busy * TimeSpan.TicksPerSecond / ProcessCpu.TicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
