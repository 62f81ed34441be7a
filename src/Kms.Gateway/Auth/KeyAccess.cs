using System.Text.RegularExpressions;
using Kms.Actors;
using Kms.Actors.Aliases;
using Kms.Actors.Keys;

namespace Kms.Gateway.Auth;

/// <summary>
/// Decides whether a key-restricted principal may touch a key. A key is allowed when one of the
/// principal's patterns matches its id, its ARN, or the name or ARN of an alias that points to it.
/// A key the principal may not see is refused exactly like one that does not exist: AccessDenied.
/// </summary>
public sealed class KeyAccess(KeyOperations keys)
{
    public static KmsError Denied(Principal principal, string operation) =>
        new(KmsErrorCode.AccessDenied, $"Principal '{principal.Name}' is not authorized to perform kms:{operation}.");

    private static KmsError Denied(Principal principal, string operation, string reference) =>
        new(KmsErrorCode.AccessDenied, $"Principal '{principal.Name}' is not authorized to perform kms:{operation} on '{reference}'.");

    /// <summary>Null when every named key is allowed, else the AccessDenied error.</summary>
    public async Task<KmsError?> Check(Principal principal, string operation, IEnumerable<string?> references, CancellationToken ct)
    {
        if (principal.Keys is null) return null;
        foreach (var reference in references)
        {
            if (reference is null) continue;
            var (keyId, _) = await keys.ResolveKey(reference, ct);
            if (keyId is null || !await Allows(principal, keyId, reference, ct)) return Denied(principal, operation, reference);
        }
        return null;
    }

    /// <summary>Whether a listing may show this key to the principal.</summary>
    public async Task<bool> Visible(Principal principal, string keyId, CancellationToken ct) =>
        principal.Keys is null || await Allows(principal, keyId, keyId, ct);

    private async Task<bool> Allows(Principal principal, string keyId, string reference, CancellationToken ct)
    {
        var patterns = principal.Keys!;
        if (Matches(patterns, reference) || Matches(patterns, keyId) || Matches(patterns, keys.Arns.Key(keyId))) return true;
        return await keys.ListAliases(keyId, KeyOperations.MaxListLimit, null, ct) is Page<AliasState> aliases
               && aliases.Items.Any(a => Matches(patterns, a.AliasName) || Matches(patterns, keys.Arns.Alias(a.AliasName)));
    }

    private static bool Matches(IReadOnlyList<string> patterns, string value) =>
        patterns.Any(pattern => pattern.Contains('*')
            ? Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant)
            : string.Equals(pattern, value, StringComparison.Ordinal));
}
