using Xunit;

namespace Kms.Testing;

/// <summary>A theory that needs the SoftHSM2 token (<see cref="SoftHsm"/>); skipped, with the reason, where it is not set up.</summary>
public sealed class HsmTheoryAttribute : TheoryAttribute
{
    public HsmTheoryAttribute()
    {
        if (SoftHsm.Missing is { } reason) Skip = reason;
    }
}
