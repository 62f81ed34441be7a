namespace Kms.Domain;

/// <summary>A typed failure of a KMS operation. Messages never carry secrets.</summary>
public sealed record KmsError(KmsErrorCode Code, string Message)
{
    public static KmsError NotFound(string keyId) => new(KmsErrorCode.NotFound, $"Key '{keyId}' does not exist.");
    public static KmsError Disabled(string keyId) => new(KmsErrorCode.Disabled, $"Key '{keyId}' is disabled.");
    public static KmsError InvalidState(string keyId, string state, string operation) =>
        new(KmsErrorCode.InvalidState, $"Key '{keyId}' is {state}; {operation} is not allowed in that state.");
    public static KmsError InvalidCiphertext(string why) => new(KmsErrorCode.InvalidCiphertext, why);
    public static KmsError Validation(string why) => new(KmsErrorCode.Validation, why);
    public static KmsError Unavailable(string why) => new(KmsErrorCode.KeyUnavailable, why);
    public static KmsError InvalidKeyUsage(string why) => new(KmsErrorCode.InvalidKeyUsage, why);
    public static KmsError Unsupported(string why) => new(KmsErrorCode.UnsupportedOperation, why);
}
