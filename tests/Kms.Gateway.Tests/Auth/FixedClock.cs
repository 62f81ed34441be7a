namespace Kms.Gateway.Tests.Auth;

/// <summary>A server clock that stands still, at the date a recorded request was signed.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
