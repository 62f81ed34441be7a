namespace Kms.Domain.Keys;

/// <summary><c>HMAC_SHA_256|384|512</c> in AWS terms.</summary>
public enum MacAlgorithm
{
    HmacSha256,
    HmacSha384,
    HmacSha512,
}
