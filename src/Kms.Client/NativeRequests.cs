namespace Kms.Client;

/// <summary>
/// Request bodies of the native API, with go-kms's field names (<c>KeyID</c> where go-kms wrote it so). Byte fields
/// travel as base64; null fields are left out (<see cref="KmsJson"/>).
/// </summary>
public static class NativeRequests
{
    public sealed record Tag(string TagKey, string TagValue);

    public sealed record CreateKey(string? Description = null, string? KeySpec = null, string? KeyUsage = null, IReadOnlyList<Tag>? Tags = null);

    public sealed record DescribeKey(string KeyId);

    public sealed record Encrypt(string KeyID, byte[] Plaintext, IReadOnlyDictionary<string, string>? EncryptionContext = null);

    public sealed record Decrypt(byte[] CiphertextBlob, IReadOnlyDictionary<string, string>? EncryptionContext = null, string? KeyId = null);

    public sealed record GenerateDataKey(string KeyID, string? KeySpec = null, int? NumberOfBytes = null, IReadOnlyDictionary<string, string>? EncryptionContext = null);
}
