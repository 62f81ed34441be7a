namespace Kms.Domain;

/// <summary>Error kinds, named after the AWS KMS exceptions they become at the edge.</summary>
public enum KmsErrorCode
{
    Validation,
    NotFound,
    Disabled,
    InvalidCiphertext,
    InvalidState,
    KeyUnavailable,
    Internal,
    InvalidKeyUsage,
    IncorrectKey,
    AlreadyExists,
    InvalidMac,
    LimitExceeded,
    UnsupportedOperation,
    Tag,
    InvalidMarker,
    InvalidAliasName,
    AccessDenied,
}
