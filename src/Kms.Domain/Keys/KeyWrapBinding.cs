namespace Kms.Domain.Keys;

/// <summary>
/// What a wrap of key material is bound to (its associated data): the key version, and from format 2 on the
/// key's spec and usage, so wrapped material cannot be moved to another key or version, nor be read as an
/// HMAC key's when it was an encryption key's. Format 1 is what wraps made before format 2 were bound to;
/// they keep unwrapping as format 1, and every new wrap is <see cref="CurrentFormat"/>.
/// </summary>
public sealed record KeyWrapBinding(string KeyId, int Version, KeySpec Spec, KeyUsage Usage, int Format = KeyWrapBinding.CurrentFormat)
{
    public const int CurrentFormat = 2;
}
