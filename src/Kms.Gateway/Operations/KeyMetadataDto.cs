using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary>
/// KeyMetadata as AWS KMS shapes it. Its first four fields are go-kms's (<c>KeyId</c>, <c>CreationDate</c>,
/// <c>Description</c>, <c>Enabled</c>), so go-kms clients read it unchanged. Dates follow the front door.
/// </summary>
public sealed record KeyMetadataDto(
    string KeyId,
    object CreationDate,
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
    object? DeletionDate,
    int? PendingDeletionWindowInDays,
    IReadOnlyList<string>? EncryptionAlgorithms,
    IReadOnlyList<string>? MacAlgorithms)
{
    public static KeyMetadataDto From(KeyMetadata key, Front front) => new(
        key.KeyId,
        front.Date(key.CreationDate),
        key.Description,
        key.Enabled,
        front.Arns.Key(key.KeyId),
        front.Arns.AccountId,
        AwsNames.Of(key.KeyState),
        AwsNames.Of(key.Usage),
        AwsNames.Of(key.Spec),
        AwsNames.Of(key.Spec),
        "CUSTOMER",
        "AWS_KMS",
        false,
        front.Date(key.DeletionDate),
        key.PendingDeletionWindowInDays,
        key.Usage == Domain.Keys.KeyUsage.EncryptDecrypt ? [AwsNames.SymmetricDefault] : null,
        key.Spec.MacAlgorithm() is { } mac ? [AwsNames.Of(mac)] : null);
}
