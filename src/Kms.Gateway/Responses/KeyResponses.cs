using Kms.Actors.Keys;
using Kms.Gateway.Operations;
using DomainKeyMetadata = Kms.Domain.Keys.KeyMetadata;

namespace Kms.Gateway.Responses;

/// <summary>
/// Success bodies of the key management operations (keys, their lifecycle, rotation and tags). The native and AWS
/// shapes differ in their dates (<see cref="ResponseDates"/>) and where go-kms answered otherwise.
/// </summary>
public static class KeyResponses
{
    /// <summary>A key's ARN (CancelKeyDeletion) or its id (RotateKeyOnDemand), as AWS KMS answers each.</summary>
    public sealed record KeyIdResponse(string KeyId);

    /// <summary>A key's metadata as the front door shapes it (CreateKey, DescribeKey, and natively EnableKey and DisableKey).</summary>
    public static object MetadataOf(DomainKeyMetadata key, Front front) => front.IsAws
        ? new AwsKeyMetadataResponse(AwsKeyMetadata.From(key, front.Arns))
        : new NativeKeyMetadataResponse(NativeKeyMetadata.From(key, front.Arns));

    public sealed record NativeKeyMetadataResponse(NativeKeyMetadata KeyMetadata);

    public sealed record AwsKeyMetadataResponse(AwsKeyMetadata KeyMetadata);

    /// <summary>
    /// KeyMetadata as AWS KMS shapes it, dates in RFC 3339. Its first four fields are go-kms's (<c>KeyId</c>,
    /// <c>CreationDate</c>, <c>Description</c>, <c>Enabled</c>), so go-kms clients read it unchanged.
    /// </summary>
    public sealed record NativeKeyMetadata(
        string KeyId,
        DateTime CreationDate,
        string Description,
        bool Enabled,
        string Arn,
        string AWSAccountId,
        string KeyState,
        string KeyUsage,
        string KeySpec,
        string CustomerMasterKeySpec,
        string KeyManager,
        string Origin,
        bool MultiRegion,
        DateTime? DeletionDate,
        int? PendingDeletionWindowInDays,
        IReadOnlyList<string>? EncryptionAlgorithms,
        IReadOnlyList<string>? MacAlgorithms)
    {
        public static NativeKeyMetadata From(DomainKeyMetadata key, KeyArns arns) => new(
            key.KeyId, ResponseDates.Native(key.CreationDate), key.Description, key.Enabled, arns.Key(key.KeyId), arns.AccountId,
            AwsNames.Of(key.KeyState), AwsNames.Of(key.Usage), AwsNames.Of(key.Spec), AwsNames.Of(key.Spec), KeyManager: "CUSTOMER",
            Origin: "AWS_KMS", MultiRegion: false, ResponseDates.Native(key.DeletionDate), key.PendingDeletionWindowInDays,
            EncryptionAlgorithmsOf(key), MacAlgorithmsOf(key));
    }

    /// <summary>KeyMetadata as AWS KMS shapes it, dates in epoch seconds.</summary>
    public sealed record AwsKeyMetadata(
        string KeyId,
        double CreationDate,
        string Description,
        bool Enabled,
        string Arn,
        string AWSAccountId,
        string KeyState,
        string KeyUsage,
        string KeySpec,
        string CustomerMasterKeySpec,
        string KeyManager,
        string Origin,
        bool MultiRegion,
        double? DeletionDate,
        int? PendingDeletionWindowInDays,
        IReadOnlyList<string>? EncryptionAlgorithms,
        IReadOnlyList<string>? MacAlgorithms)
    {
        public static AwsKeyMetadata From(DomainKeyMetadata key, KeyArns arns) => new(
            key.KeyId, ResponseDates.Aws(key.CreationDate), key.Description, key.Enabled, arns.Key(key.KeyId), arns.AccountId,
            AwsNames.Of(key.KeyState), AwsNames.Of(key.Usage), AwsNames.Of(key.Spec), AwsNames.Of(key.Spec), KeyManager: "CUSTOMER",
            Origin: "AWS_KMS", MultiRegion: false, ResponseDates.Aws(key.DeletionDate), key.PendingDeletionWindowInDays,
            EncryptionAlgorithmsOf(key), MacAlgorithmsOf(key));
    }

    private static string[]? EncryptionAlgorithmsOf(DomainKeyMetadata key) =>
        key.Usage == Domain.Keys.KeyUsage.EncryptDecrypt ? [AwsNames.SymmetricDefault] : null;

    private static string[]? MacAlgorithmsOf(DomainKeyMetadata key) => key.Spec.MacAlgorithm() is { } mac ? [AwsNames.Of(mac)] : null;

    /// <summary>Natively every key's metadata, as go-kms listed them.</summary>
    public sealed record NativeListKeysResponse(IReadOnlyList<NativeKeyMetadata> KeyMetadata, string? NextMarker, bool Truncated);

    public sealed record AwsListKeysResponse(IReadOnlyList<AwsKeyEntry> Keys, string? NextMarker, bool Truncated);

    public sealed record AwsKeyEntry(string KeyId, string KeyArn);

    public sealed record NativeScheduleKeyDeletionResponse(string KeyId, DateTime? DeletionDate, string KeyState, int? PendingWindowInDays);

    public sealed record AwsScheduleKeyDeletionResponse(string KeyId, double? DeletionDate, string KeyState, int? PendingWindowInDays);

    public sealed record NativeKeyRotationStatusResponse(bool KeyRotationEnabled, string KeyId, int? RotationPeriodInDays, DateTime? NextRotationDate);

    public sealed record AwsKeyRotationStatusResponse(bool KeyRotationEnabled, string KeyId, int? RotationPeriodInDays, double? NextRotationDate);

    public sealed record NativeListKeyRotationsResponse(IReadOnlyList<NativeRotationEntry> Rotations, string? NextMarker, bool Truncated);

    public sealed record AwsListKeyRotationsResponse(IReadOnlyList<AwsRotationEntry> Rotations, string? NextMarker, bool Truncated);

    public sealed record NativeRotationEntry(string KeyId, DateTime RotationDate, string RotationType);

    public sealed record AwsRotationEntry(string KeyId, double RotationDate, string RotationType);

    public sealed record ListResourceTagsResponse(IReadOnlyList<TagDto> Tags, string? NextMarker, bool Truncated);
}
