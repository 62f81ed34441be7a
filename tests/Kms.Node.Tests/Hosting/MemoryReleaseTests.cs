using Kms.Node.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Node.Tests.Hosting;

public class MemoryReleaseTests
{
    [Fact]
    public void Keys_waking_or_passivating_at_the_same_rate_never_release()
    {
        var policy = new MemoryReleasePolicy(keysReleased: 10_000);
        foreach (var live in new long[] { 0, 5_000, 40_000, 80_000, 60_000, 75_000, 70_000, 41_000 })
            Assert.False(policy.ShouldRelease(live));
    }

    [Fact]
    public void Release_comes_once_after_most_keys_passivated_and_again_only_after_a_new_wave()
    {
        var policy = new MemoryReleasePolicy(keysReleased: 10_000);
        Assert.False(policy.ShouldRelease(100_000));
        Assert.False(policy.ShouldRelease(60_000));
        Assert.True(policy.ShouldRelease(30_000));
        Assert.False(policy.ShouldRelease(21_000));
        Assert.True(policy.ShouldRelease(0));
        Assert.False(policy.ShouldRelease(0));
        Assert.False(policy.ShouldRelease(25_000));
        Assert.True(policy.ShouldRelease(2_000));
    }

    [Fact]
    public void Small_nodes_never_release_and_zero_turns_it_off()
    {
        var small = new MemoryReleasePolicy(keysReleased: 10_000);
        Assert.False(small.ShouldRelease(9_000));
        Assert.False(small.ShouldRelease(0));
        var off = new MemoryReleasePolicy(keysReleased: 0);
        Assert.False(off.ShouldRelease(1_000_000));
        Assert.False(off.ShouldRelease(0));
    }

    [Fact]
    public async Task The_service_checks_the_live_keys_on_its_clock_and_releases_once_they_have_gone()
    {
        var clock = new FakeTimeProvider();
        long live = 50_000;
        var checks = 0;
        var releases = 0;
        long Live()
        {
            Interlocked.Increment(ref checks);
            return Interlocked.Read(ref live);
        }
        using var service = new MemoryRelease(new MemoryReleasePolicy(10_000), Live, () => Interlocked.Increment(ref releases),
            clock, NullLogger<MemoryRelease>.Instance);
        await service.StartAsync(CancellationToken.None);

        // The loop starts on its own thread: move the clock on until it has looked once.
        await TickUntil(clock, () => Volatile.Read(ref checks) > 0);
        Assert.Equal(0, Volatile.Read(ref releases));
        Interlocked.Exchange(ref live, 0);
        await TickUntil(clock, () => Volatile.Read(ref releases) == 1);
        var checksAfterRelease = Volatile.Read(ref checks);
        await TickUntil(clock, () => Volatile.Read(ref checks) >= checksAfterRelease + 2);
        Assert.Equal(1, Volatile.Read(ref releases));
        await service.StopAsync(CancellationToken.None);
    }

    private static async Task TickUntil(FakeTimeProvider clock, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The service did not do what was expected in time.");
            clock.Advance(MemoryRelease.CheckEvery);
            await Task.Delay(20);
        }
    }
}
