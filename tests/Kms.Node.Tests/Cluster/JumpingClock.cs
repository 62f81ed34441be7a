namespace Kms.Node.Tests.Cluster;

/// <summary>
/// The system clock, which a test can move forward: dates jump, time then passes as usual. Only the wall clock moves;
/// <see cref="TimeProvider.GetTimestamp"/> (for durations) and timers stay the system's.
/// </summary>
public sealed class JumpingClock : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    public void Jump(TimeSpan forward) => Interlocked.Add(ref _shiftTicks, forward.Ticks);
}
