namespace Kms.Domain.Keys;

/// <summary>Facts about key specs.</summary>
public static class KeySpecs
{
    public static int MaterialBytes(this KeySpec spec) => spec switch
    {
        KeySpec.Hmac384 => 48,
        KeySpec.Hmac512 => 64,
        _ => 32,
    };

    public static KeyUsage Usage(this KeySpec spec) =>
        spec == KeySpec.SymmetricDefault ? KeyUsage.EncryptDecrypt : KeyUsage.GenerateVerifyMac;

    /// <summary>The one MAC algorithm an HMAC key computes, e.g. <see cref="MacAlgorithm.HmacSha256"/> for <see cref="KeySpec.Hmac256"/>.</summary>
    public static MacAlgorithm? MacAlgorithm(this KeySpec spec) => spec switch
    {
        KeySpec.Hmac256 => Keys.MacAlgorithm.HmacSha256,
        KeySpec.Hmac384 => Keys.MacAlgorithm.HmacSha384,
        KeySpec.Hmac512 => Keys.MacAlgorithm.HmacSha512,
        _ => null,
    };
}
