namespace Kms.Domain.Keys;

/// <summary>Key ids are lower-case UUIDs, as in AWS KMS and go-kms.</summary>
public static class KeyIds
{
    public static string New() => Guid.NewGuid().ToString("D");

    /// <summary>True for a well-formed key id; anything else never reaches a key actor.</summary>
    public static bool IsValid(string? keyId) =>
        keyId is { Length: 36 } && Guid.TryParseExact(keyId, "D", out _) && !keyId.AsSpan().ContainsAnyInRange('A', 'Z');
}
