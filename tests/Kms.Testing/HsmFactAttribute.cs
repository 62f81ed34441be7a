using Xunit;

namespace Kms.Testing;

/// <summary>A fact that needs the SoftHSM2 token .ci/run sets up (<see cref="SoftHsm"/>); skipped, with the reason, where it is missing.</summary>
public sealed class HsmFactAttribute : FactAttribute
{
    public HsmFactAttribute()
    {
        if (SoftHsm.Missing is { } reason) Skip = reason;
    }
}
