namespace Kms.Domain.Keys;

/// <summary>What can be asked of one key's actor.</summary>
public static class KeyCommands
{
    /// <summary>Creates the key. The caller picks the id, so a retried request cannot create a second key.</summary>
    public sealed record CreateKey(
        string KeyId,
        string Description,
        KeySpec Spec = KeySpec.SymmetricDefault,
        IReadOnlyDictionary<string, string>? Tags = null) : IKeyCommand;

    public sealed record DescribeKey(string KeyId) : IKeyCommand;

    public sealed record EnableKey(string KeyId) : IKeyCommand;

    public sealed record DisableKey(string KeyId) : IKeyCommand;

    public sealed record UpdateKeyDescription(string KeyId, string Description) : IKeyCommand;

    public sealed record ScheduleKeyDeletion(string KeyId, int PendingWindowInDays) : IKeyCommand;

    public sealed record CancelKeyDeletion(string KeyId) : IKeyCommand;

    public sealed record RotateKeyOnDemand(string KeyId) : IKeyCommand;

    public sealed record EnableKeyRotation(string KeyId, int RotationPeriodInDays) : IKeyCommand;

    public sealed record DisableKeyRotation(string KeyId) : IKeyCommand;

    public sealed record GetKeyRotationStatus(string KeyId) : IKeyCommand;

    public sealed record ListKeyRotations(string KeyId) : IKeyCommand;

    public sealed record TagResource(string KeyId, IReadOnlyDictionary<string, string> Tags) : IKeyCommand;

    public sealed record UntagResource(string KeyId, IReadOnlyList<string> TagKeys) : IKeyCommand;

    public sealed record ListResourceTags(string KeyId) : IKeyCommand;

    /// <summary>Moves every version of the key's material not yet wrapped by <paramref name="TargetProvider"/> to it.</summary>
    public sealed record RewrapMaterial(string KeyId, string TargetProvider) : IKeyCommand;

    /// <summary>Sent by the catalog when a deletion or rotation is due; the key decides whether it really is.</summary>
    public sealed record RunDueTasks(string KeyId) : IKeyCommand;

    public sealed record Encrypt(string KeyId, byte[] Plaintext, IReadOnlyDictionary<string, string>? EncryptionContext) : IKeyCommand;

    public sealed record Decrypt(string KeyId, byte[] CiphertextBlob, IReadOnlyDictionary<string, string>? EncryptionContext) : IKeyCommand;

    public sealed record GenerateDataKey(string KeyId, int NumberOfBytes, IReadOnlyDictionary<string, string>? EncryptionContext) : IKeyCommand;

    public sealed record GenerateMac(string KeyId, byte[] Message, MacAlgorithm Algorithm) : IKeyCommand;

    public sealed record VerifyMac(string KeyId, byte[] Message, byte[] Mac, MacAlgorithm Algorithm) : IKeyCommand;
}
