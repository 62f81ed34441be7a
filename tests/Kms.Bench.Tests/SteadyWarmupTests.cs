namespace Kms.Bench.Tests;

public sealed class SteadyWarmupTests
{
    private static Measurement Slice(long requests, double? serverMicros = null)
    {
        TimeSpan?[] servers = serverMicros is { } us ? [TimeSpan.FromMicroseconds(us * requests)] : [];
        return new Measurement(requests, 0, TimeSpan.FromSeconds(1), [], new CpuUse(servers, TimeSpan.Zero, null), null, null);
    }

    [Fact]
    public void Rates_within_the_tolerance_agree()
    {
        Assert.True(SteadyWarmup.Agree(Slice(1000), Slice(960), 0.05));
        Assert.True(SteadyWarmup.Agree(Slice(960), Slice(1000), 0.05));
    }

    [Fact]
    public void Rates_beyond_the_tolerance_do_not_agree()
    {
        Assert.False(SteadyWarmup.Agree(Slice(1000), Slice(940), 0.05));
        Assert.False(SteadyWarmup.Agree(Slice(940), Slice(1000), 0.05));
    }

    [Fact]
    public void Equal_rates_with_server_cpu_per_request_still_falling_do_not_agree()
    {
        Assert.False(SteadyWarmup.Agree(Slice(1000, serverMicros: 300), Slice(1000, serverMicros: 200), 0.05));
        Assert.True(SteadyWarmup.Agree(Slice(1000, serverMicros: 200), Slice(1000, serverMicros: 195), 0.05));
    }

    [Fact]
    public void Slices_without_a_successful_request_never_agree()
    {
        Assert.False(SteadyWarmup.Agree(Slice(0), Slice(0), 0.05));
    }

    [Fact]
    public void A_tolerance_of_zero_never_agrees_so_every_slice_runs()
    {
        Assert.False(SteadyWarmup.Agree(Slice(1000, serverMicros: 200), Slice(1000, serverMicros: 200), 0));
    }
}
