namespace Kms.Domain.Keys;

/// <summary>What a key is for: <c>ENCRYPT_DECRYPT</c> or <c>GENERATE_VERIFY_MAC</c> in AWS terms.</summary>
public enum KeyUsage
{
    EncryptDecrypt,
    GenerateVerifyMac,
}
