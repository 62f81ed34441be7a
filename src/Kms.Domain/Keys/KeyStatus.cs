namespace Kms.Domain.Keys;

/// <summary>The key states of AWS KMS that Kms knows; <see cref="Destroyed"/> is what remains after deletion.</summary>
public enum KeyStatus
{
    Enabled,
    Disabled,
    PendingDeletion,
    Destroyed,
}
