namespace Kms.Domain.Keys;

/// <summary>The answers of key actors.</summary>
public static class KeyReplies
{
    public sealed record Metadata(KeyMetadata Key) : IKeyReply;

    public sealed record Encrypted(string KeyId, byte[] CiphertextBlob) : IKeyReply;

    public sealed record Decrypted(string KeyId, byte[] Plaintext) : IKeyReply;

    public sealed record ReEncrypted(string KeyId, string SourceKeyId, byte[] CiphertextBlob) : IKeyReply;

    public sealed record DataKey(string KeyId, byte[] Plaintext, byte[] CiphertextBlob) : IKeyReply;

    public sealed record RandomBytes(byte[] Plaintext) : IKeyReply;

    public sealed record Mac(string KeyId, byte[] Value, MacAlgorithm Algorithm) : IKeyReply;

    public sealed record MacVerified(string KeyId, MacAlgorithm Algorithm) : IKeyReply;

    public sealed record RotationStatus(string KeyId, bool Enabled, int? RotationPeriodInDays, DateTimeOffset? NextRotationDate) : IKeyReply;

    public sealed record Rotations(string KeyId, IReadOnlyList<Rotation> Items) : IKeyReply;

    public sealed record Rotation(int Version, DateTimeOffset RotationDate, RotationType RotationType) : IKmsMessage;

    public sealed record Tags(string KeyId, IReadOnlyDictionary<string, string> Items) : IKeyReply;

    /// <summary>The typed failure of any operation, key or alias.</summary>
    public sealed record Failed(KmsError Error) : IKeyReply, Aliases.IAliasReply;
}
