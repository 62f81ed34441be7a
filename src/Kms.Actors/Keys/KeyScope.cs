using System.Text.RegularExpressions;

namespace Kms.Actors.Keys;

/// <summary>
/// What a key-restricted principal may see and touch: patterns over key ids, key ARNs, alias names and alias
/// ARNs (<c>*</c> matches any run of characters). A key is in scope when a pattern matches its id or ARN, or
/// the name or ARN of an alias that points to it; an alias name is in scope when a pattern matches it or its ARN.
/// </summary>
public sealed record KeyScope(IReadOnlyList<string> Patterns, KeyArns Arns)
{
    public bool Matches(string value)
    {
        foreach (var pattern in Patterns)
        {
            if (pattern.Contains('*')
                    ? Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant)
                    : string.Equals(pattern, value, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>Whether a pattern names the key itself, by id or ARN (not through an alias).</summary>
    public bool NamesKey(string keyId) => Matches(keyId) || Matches(Arns.Key(keyId));

    public bool AllowsAliasName(string aliasName) => Matches(aliasName) || Matches(Arns.Alias(aliasName));
}
