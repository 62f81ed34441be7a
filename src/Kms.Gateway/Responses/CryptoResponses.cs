namespace Kms.Gateway.Responses;

/// <summary>
/// Success bodies of the cryptographic operations. The native API keeps go-kms's shapes (the plain result); the AWS
/// protocol adds the key's ARN and the algorithm, as AWS KMS does. Byte arrays go out as padded base64.
/// </summary>
public static class CryptoResponses
{
    public sealed record NativeEncryptResponse(byte[] CiphertextBlob);

    public sealed record AwsEncryptResponse(byte[] CiphertextBlob, string KeyId, string EncryptionAlgorithm);

    public sealed record NativeDecryptResponse(byte[] Plaintext);

    public sealed record AwsDecryptResponse(string KeyId, byte[] Plaintext, string EncryptionAlgorithm);

    /// <summary>go-kms spells the key fields <c>KeyID</c> and <c>SourceKeyID</c>, and gives bare key ids.</summary>
    public sealed record NativeReEncryptResponse(byte[] CiphertextBlob, string KeyID, string SourceKeyID);

    public sealed record AwsReEncryptResponse(
        byte[] CiphertextBlob, string SourceKeyId, string KeyId, string SourceEncryptionAlgorithm, string DestinationEncryptionAlgorithm);

    public sealed record NativeGenerateDataKeyResponse(byte[] Plaintext, byte[] CiphertextBlob);

    public sealed record AwsGenerateDataKeyResponse(byte[] CiphertextBlob, byte[] Plaintext, string KeyId);

    public sealed record GenerateDataKeyWithoutPlaintextResponse(byte[] CiphertextBlob, string KeyId);

    public sealed record GenerateRandomResponse(byte[] Plaintext);

    public sealed record GenerateMacResponse(byte[] Mac, string MacAlgorithm, string KeyId);

    /// <summary>Always valid: a MAC that does not verify is a KMSInvalidMacException.</summary>
    public sealed record VerifyMacResponse(string KeyId, bool MacValid, string MacAlgorithm);
}
