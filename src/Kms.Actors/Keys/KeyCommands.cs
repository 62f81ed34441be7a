namespace Kms.Actors.Keys;

/// <summary>What can be asked of one key's actor.</summary>
public static class KeyCommands
{
    /// <summary>Creates the key. The caller picks the id, so a retried request cannot create a second key.</summary>
    public sealed record CreateKey(string KeyId, string Description) : IKeyCommand;

    public sealed record DescribeKey(string KeyId) : IKeyCommand;

    public sealed record EnableKey(string KeyId) : IKeyCommand;

    public sealed record DisableKey(string KeyId) : IKeyCommand;

    public sealed record Encrypt(string KeyId, byte[] Plaintext, IReadOnlyDictionary<string, string>? EncryptionContext) : IKeyCommand;

    public sealed record Decrypt(string KeyId, byte[] CiphertextBlob, IReadOnlyDictionary<string, string>? EncryptionContext) : IKeyCommand;

    public sealed record GenerateDataKey(string KeyId, int NumberOfBytes, IReadOnlyDictionary<string, string>? EncryptionContext) : IKeyCommand;
}
