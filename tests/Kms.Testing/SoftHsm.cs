using Kms.Hsm;

namespace Kms.Testing;

/// <summary>
/// The SoftHSM2 token that .ci/run initialises (label <c>kms-test</c>, user PIN <c>1234</c>, config in
/// <c>SOFTHSM2_CONF</c>). Without it, HSM tests are skipped and say so.
/// </summary>
public static class SoftHsm
{
    public const string Library = "/usr/lib/softhsm/libsofthsm2.so";
    public const string TokenLabel = "kms-test";
    public const string Pin = "1234";

    public static string? Missing =>
        Environment.GetEnvironmentVariable("SOFTHSM2_CONF") is not { Length: > 0 } conf || !File.Exists(conf)
            ? "SoftHSM2 is not set up: SOFTHSM2_CONF does not name a config (.ci/run installs softhsm2 and initialises a 'kms-test' token)."
            : !File.Exists(Library) ? $"SoftHSM2 is not installed ({Library} is missing)." : null;

    public static HsmSettings Settings(string keyLabel, bool create = true, string? pin = Pin) =>
        new(Library, null, TokenLabel, pin, keyLabel, create);
}
