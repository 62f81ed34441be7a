namespace Kms.Bench.Tests;

public sealed class CpuUseTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Windows_add_up_process_by_process()
    {
        var sum = CpuUse.Sum([new CpuUse([Ms(1), Ms(2)], Ms(5), Ms(20)), new CpuUse([Ms(10), Ms(20)], Ms(5), Ms(60))]);

        Assert.Equal([Ms(11), Ms(22)], sum.Servers);
        Assert.Equal(Ms(33), sum.Server);
        Assert.Equal(Ms(10), sum.Client);
        Assert.Equal(Ms(80 - 33 - 10), sum.Others);
    }

    [Fact]
    public void A_process_unreadable_in_one_window_is_unknown_in_the_sum()
    {
        var sum = CpuUse.Sum([new CpuUse([Ms(1), Ms(2)], Ms(5), null), new CpuUse([Ms(10), null], Ms(5), null)]);

        Assert.Equal([Ms(11), null], sum.Servers);
        Assert.Null(sum.Server);
        Assert.Null(sum.Others);
    }
}
