namespace Kms.Domain.Keys;

/// <summary>What may be told about a key: never its material.</summary>
public sealed record KeyMetadata(string KeyId, DateTimeOffset CreationDate, string Description, bool Enabled, KeyStatus KeyState) : IKmsMessage
{
    public KeyUsage Usage { get; init; } = KeyUsage.EncryptDecrypt;

    public KeySpec Spec { get; init; } = KeySpec.SymmetricDefault;

    public DateTimeOffset? DeletionDate { get; init; }

    public int? PendingDeletionWindowInDays { get; init; }
}
