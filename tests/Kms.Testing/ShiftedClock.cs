namespace Kms.Testing;

/// <summary>The system clock moved to start at <paramref name="start"/>: time passes as usual, timers fire as usual.</summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _shift = start - TimeProvider.System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + _shift;
}
