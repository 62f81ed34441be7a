using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary>
/// Reads a request's key field (a key id, key ARN, alias name or alias ARN) into a <see cref="KeyReference"/>, once, at
/// the edge. A missing field is a validation error; malformed ids and names and other regions' or accounts' ARNs are
/// all NotFound, quoting the caller's text, as in AWS KMS.
/// </summary>
public static class KeyReferenceParser
{
    public static Result<KeyReference> Parse(string? text, KeyArns arns, string field = "KeyId")
    {
        if (string.IsNullOrEmpty(text)) return KmsError.Validation($"{field} is required.");
        if (!text.StartsWith("arn:", StringComparison.Ordinal))
            return KeyReference.TryParse(text, out var reference) ? reference : KmsError.NotFound(text);
        if (!arns.TryParse(text, out var arnKeyId, out var arnAlias)) return KmsError.NotFound(text);
        if (arnKeyId is not null) return KeyId.TryParse(arnKeyId, out var keyId) ? KeyReference.To(keyId) with { Named = text } : KmsError.NotFound(text);
        return KeyReference.TryParse(arnAlias, out var alias) ? alias with { Named = text } : KmsError.NotFound(text);
    }

    /// <summary>Reads a field that must name a key itself (an alias's target): a key id or key ARN, never an alias.</summary>
    public static Result<KeyId> ParseKeyId(string? text, KeyArns arns, string field)
    {
        if (text is not null && (AliasNames.IsAliasName(text) || text.Contains(":alias/", StringComparison.Ordinal)))
            return KmsError.Validation($"{field} must be a key id or key ARN, not an alias.");
        var reference = Parse(text, arns, field);
        return !reference.IsOk ? reference.Error
            : reference.Value.KeyId is { } keyId ? keyId
            : KmsError.NotFound(text!);
    }
}
