using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Operations;
using Kms.Actors.Operations;

namespace Kms.Gateway.Auth;

/// <summary>
/// Decides whether a key-restricted principal may touch a key or an alias name (its <see cref="KeyScope"/>). A key
/// is allowed when one of the principal's patterns matches its id, its ARN, or the name or ARN of an alias that
/// points to it; an alias name (created, re-pointed or deleted) must match a pattern itself. A key the principal
/// may not see is refused exactly like one that does not exist: AccessDenied. Aliases are looked up in the
/// catalog, so checking wakes no key.
/// </summary>
public sealed class KeyAccess(KeyOperations keys)
{
    public static KmsError Denied(Principal principal, string operation) =>
        new(KmsErrorCode.AccessDenied, $"Principal '{principal.Name}' is not authorized to perform kms:{operation}.");

    private static KmsError Denied(Principal principal, string operation, string reference) =>
        new(KmsErrorCode.AccessDenied, $"Principal '{principal.Name}' is not authorized to perform kms:{operation} on '{reference}'.");

    /// <summary>The principal's scope; null when it may see every key.</summary>
    public KeyScope? ScopeOf(Principal principal) => principal.Keys is { } patterns ? new KeyScope(patterns, keys.Arns) : null;

    /// <summary>Null when every named key is allowed, else the AccessDenied error.</summary>
    public async Task<KmsError?> Check(Principal principal, string operation, IEnumerable<string?> references, CancellationToken ct)
    {
        if (ScopeOf(principal) is not { } scope) return null;
        foreach (var reference in references)
        {
            if (reference is null) continue;
            var key = KeyReferenceParser.Parse(reference, keys.Arns);
            var keyId = key.IsOk ? await keys.Resolve(key.Value, ct) : key.Error;
            if (!keyId.IsOk || !await Allows(scope, keyId.Value, reference, ct)) return Denied(principal, operation, reference);
        }
        return null;
    }

    /// <summary>Null when every alias name is in the principal's scope, else the AccessDenied error.</summary>
    public KmsError? CheckAliasNames(Principal principal, string operation, IEnumerable<string?> aliasNames)
    {
        if (ScopeOf(principal) is not { } scope) return null;
        foreach (var name in aliasNames)
            if (name is not null && !scope.AllowsAliasName(name)) return Denied(principal, operation, name);
        return null;
    }

    private async Task<bool> Allows(KeyScope scope, KeyId keyId, string reference, CancellationToken ct) =>
        scope.Matches(reference) || scope.NamesKey(keyId.ToString()) || (await keys.AliasNamesOf(keyId, ct)).Any(scope.AllowsAliasName);
}
