using Kms.Actors.Keys;
using Kms.Gateway.Json;

namespace Kms.Gateway.Endpoints;

/// <summary>
/// KeyMetadata as AWS KMS shapes it, dates in RFC 3339. Its first four fields are go-kms's (<c>KeyId</c>,
/// <c>CreationDate</c>, <c>Description</c>, <c>Enabled</c>), so go-kms clients read it unchanged.
/// </summary>
public sealed record KeyMetadataDto(
    string KeyId,
    string CreationDate,
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
    string? DeletionDate,
    int? PendingDeletionWindowInDays,
    IReadOnlyList<string>? EncryptionAlgorithms,
    IReadOnlyList<string>? MacAlgorithms)
{
    public static KeyMetadataDto From(KeyMetadata key, KeyArns arns) => new(
        key.KeyId,
        GatewayJson.Rfc3339(key.CreationDate),
        key.Description,
        key.Enabled,
        arns.Key(key.KeyId),
        arns.AccountId,
        AwsNames.Of(key.KeyState),
        AwsNames.Of(key.Usage),
        AwsNames.Of(key.Spec),
        AwsNames.Of(key.Spec),
        "CUSTOMER",
        "AWS_KMS",
        false,
        key.DeletionDate is { } deletion ? GatewayJson.Rfc3339(deletion) : null,
        key.PendingDeletionWindowInDays,
        key.Usage == Actors.Keys.KeyUsage.EncryptDecrypt ? [AwsNames.SymmetricDefault] : null,
        key.Spec.MacAlgorithm() is { } mac ? [AwsNames.Of(mac)] : null);
}
