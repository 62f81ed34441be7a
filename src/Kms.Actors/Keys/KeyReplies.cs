namespace Kms.Actors.Keys;

/// <summary>The answers of key actors.</summary>
public static class KeyReplies
{
    public sealed record Metadata(KeyMetadata Key) : IKeyReply;

    public sealed record Encrypted(string KeyId, byte[] CiphertextBlob) : IKeyReply;

    public sealed record Decrypted(string KeyId, byte[] Plaintext) : IKeyReply;

    public sealed record ReEncrypted(string KeyId, string SourceKeyId, byte[] CiphertextBlob) : IKeyReply;

    public sealed record DataKey(string KeyId, byte[] Plaintext, byte[] CiphertextBlob) : IKeyReply;

    public sealed record Failed(KmsError Error) : IKeyReply;
}
