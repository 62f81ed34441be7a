namespace Kms.Gateway.Operations;

/// <summary>What Decrypt and ReEncrypt need to know about a blob before they ask a key.</summary>
internal static class CiphertextKeys
{
    /// <summary>
    /// The request's blob with its header read, or why it cannot be: read once per request, for the key-access check
    /// and then for the operation. A blob naming a malformed key id is still read; the operation refuses it.
    /// </summary>
    public static Result<Ciphertext> Read(byte[]? blob) =>
        blob is null || blob.Length == 0 ? KmsError.Validation("CiphertextBlob is required.")
        : Ciphertext.TryParse(blob, out var ciphertext, out var error) ? ciphertext
        : KmsError.InvalidCiphertext(error);

    /// <summary>The key a ciphertext names (for key-restricted principals), or null for a blob that is not ours.</summary>
    public static string? KeyIn(Result<Ciphertext> blob) => blob.Value?.KeyId;

    /// <summary>Symmetric keys have one algorithm; any other is refused before a key is asked.</summary>
    public static Task<Result<T>>? RefuseAlgorithm<T>(string? algorithm) where T : class =>
        algorithm is null or AwsNames.SymmetricDefault
            ? null
            : Task.FromResult<Result<T>>(KmsError.Validation("EncryptionAlgorithm must be SYMMETRIC_DEFAULT."));
}
