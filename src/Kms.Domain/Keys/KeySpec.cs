namespace Kms.Domain.Keys;

/// <summary>The kind of key material: <c>SYMMETRIC_DEFAULT</c> (AES-256-GCM) or <c>HMAC_256|384|512</c>.</summary>
public enum KeySpec
{
    SymmetricDefault,
    Hmac256,
    Hmac384,
    Hmac512,
}
