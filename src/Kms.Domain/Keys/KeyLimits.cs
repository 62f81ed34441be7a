namespace Kms.Domain.Keys;

/// <summary>The limits AWS KMS sets, which Kms keeps.</summary>
public static class KeyLimits
{
    public const int MaxPlaintextBytes = 4096;
    public const int MaxDescriptionLength = 8192;
    public const int MaxDataKeyBytes = 1024;
    public const int DefaultDataKeyBytes = 32;
    public const int MinPendingWindowDays = 7;
    public const int MaxPendingWindowDays = 30;
    public const int DefaultPendingWindowDays = 30;
    public const int MinRotationPeriodDays = 90;
    public const int MaxRotationPeriodDays = 2560;
    public const int DefaultRotationPeriodDays = 365;
    public const int MaxOnDemandRotations = 10;
    public const int MaxTags = 50;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 256;
}
