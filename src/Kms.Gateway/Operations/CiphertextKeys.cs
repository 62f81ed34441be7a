using Kms.Actors;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary>What Decrypt and ReEncrypt need to know about a blob before they ask a key.</summary>
internal static class CiphertextKeys
{
    /// <summary>The key a ciphertext names (for key-restricted principals), or null for a blob that is not ours.</summary>
    public static string? KeyIn(byte[]? blob) =>
        blob is not null && CiphertextFormat.TryParse(blob, out var parsed, out _) ? parsed.KeyId : null;

    /// <summary>Symmetric keys have one algorithm; any other is refused before a key is asked.</summary>
    public static Task<IKmsReply>? RefuseAlgorithm(string? algorithm) =>
        algorithm is null or AwsNames.SymmetricDefault
            ? null
            : Task.FromResult<IKmsReply>(new KeyReplies.Failed(KmsError.Validation("EncryptionAlgorithm must be SYMMETRIC_DEFAULT.")));
}
