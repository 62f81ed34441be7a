namespace Kms.Gateway.Operations;

/// <summary>The AWS KMS spellings of Kms's enums, shared by every front door.</summary>
public static class AwsNames
{
    public static string Of(KeySpec spec) => spec switch
    {
        KeySpec.Hmac256 => "HMAC_256",
        KeySpec.Hmac384 => "HMAC_384",
        KeySpec.Hmac512 => "HMAC_512",
        _ => "SYMMETRIC_DEFAULT",
    };

    public static string Of(KeyUsage usage) => usage == KeyUsage.GenerateVerifyMac ? "GENERATE_VERIFY_MAC" : "ENCRYPT_DECRYPT";

    public static string Of(MacAlgorithm algorithm) => algorithm switch
    {
        MacAlgorithm.HmacSha384 => "HMAC_SHA_384",
        MacAlgorithm.HmacSha512 => "HMAC_SHA_512",
        _ => "HMAC_SHA_256",
    };

    public static string Of(RotationType type) => type == RotationType.Automatic ? "AUTOMATIC" : "ON_DEMAND";

    public static string Of(KeyStatus status) => status.ToString();

    public static KeySpec? ParseKeySpec(string? name) => name switch
    {
        "SYMMETRIC_DEFAULT" => KeySpec.SymmetricDefault,
        "HMAC_256" => KeySpec.Hmac256,
        "HMAC_384" => KeySpec.Hmac384,
        "HMAC_512" => KeySpec.Hmac512,
        _ => null,
    };

    public static KeyUsage? ParseKeyUsage(string? name) => name switch
    {
        "ENCRYPT_DECRYPT" => KeyUsage.EncryptDecrypt,
        "GENERATE_VERIFY_MAC" => KeyUsage.GenerateVerifyMac,
        _ => null,
    };

    public static MacAlgorithm? ParseMacAlgorithm(string? name) => name switch
    {
        "HMAC_SHA_256" => MacAlgorithm.HmacSha256,
        "HMAC_SHA_384" => MacAlgorithm.HmacSha384,
        "HMAC_SHA_512" => MacAlgorithm.HmacSha512,
        _ => null,
    };

    /// <summary>
    /// The size of a data key from <c>KeySpec</c> (AES_256, AES_128) or <c>NumberOfBytes</c>, never both; 32 bytes by
    /// default. A size out of range is left for the key's rules to refuse.
    /// </summary>
    public static KmsError? ParseDataKeySize(string? keySpec, int? numberOfBytes, out int size)
    {
        size = 0;
        switch (keySpec, numberOfBytes)
        {
            case (not null, not null):
                return KmsError.Validation("Give KeySpec or NumberOfBytes, not both.");
            case ("AES_256", null):
                size = 32;
                return null;
            case ("AES_128", null):
                size = 16;
                return null;
            case (not null, null):
                return KmsError.Validation("KeySpec must be AES_256 or AES_128.");
            default:
                size = numberOfBytes ?? KeyLimits.DefaultDataKeyBytes;
                return null;
        }
    }

    public static readonly KmsError UnknownMacAlgorithm = KmsError.Validation("MacAlgorithm must be HMAC_SHA_256, HMAC_SHA_384 or HMAC_SHA_512.");

    /// <summary>The only encryption algorithm of symmetric keys; asymmetric specs are not supported.</summary>
    public const string SymmetricDefault = "SYMMETRIC_DEFAULT";
}
