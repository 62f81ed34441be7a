namespace Kms.Actors.Keys;

/// <summary>The key states of AWS KMS that Kms knows.</summary>
public enum KeyStatus
{
    Enabled,
    Disabled,
}
