namespace Kms.Client;

/// <summary>The parts of the native API's answers that callers use; fields the node adds are ignored.</summary>
public static class NativeResponses
{
    public sealed record KeyMetadata(string KeyId, string? Arn = null, string? Description = null, string? KeyState = null, string? KeySpec = null, string? KeyUsage = null);

    /// <summary>The answer of <c>createkey</c>, <c>describekey</c>, <c>enablekey</c> and <c>disablekey</c>.</summary>
    public sealed record DescribedKey(KeyMetadata KeyMetadata);

    public sealed record Encrypted(byte[] CiphertextBlob);

    public sealed record Decrypted(byte[] Plaintext);

    public sealed record DataKey(byte[] CiphertextBlob, byte[]? Plaintext = null);
}
