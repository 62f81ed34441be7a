namespace Kms.Actors.Keys;

/// <summary>The limits AWS KMS sets, which Kms keeps.</summary>
public static class KeyLimits
{
    public const int MaxPlaintextBytes = 4096;
    public const int MaxDescriptionLength = 8192;
    public const int MaxDataKeyBytes = 1024;
    public const int DefaultDataKeyBytes = 32;
}
