namespace Kms.Node.Tests.Support;

/// <summary>A fact that needs the SoftHSM2 token .ci/run sets up; skipped, with the reason, where it is missing.</summary>
public sealed class HsmFactAttribute : FactAttribute
{
    public HsmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SOFTHSM2_CONF") is not { Length: > 0 } conf || !File.Exists(conf))
            Skip = "SoftHSM2 is not set up: SOFTHSM2_CONF does not name a config (.ci/run installs softhsm2 and initialises a 'kms-test' token).";
        else if (!File.Exists("/usr/lib/softhsm/libsofthsm2.so"))
            Skip = "SoftHSM2 is not installed (/usr/lib/softhsm/libsofthsm2.so is missing).";
    }
}
