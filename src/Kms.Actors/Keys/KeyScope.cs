namespace Kms.Actors.Keys;

/// <summary>
/// What a key-restricted principal may see and touch: patterns over key ids, key ARNs, alias names and alias
/// ARNs (<c>*</c> matches any run of characters, ordinally, against the whole value). A key is in scope when a
/// pattern matches its id or ARN, or the name or ARN of an alias that points to it; an alias name is in scope when
/// a pattern matches it or its ARN.
/// </summary>
public sealed record KeyScope(IReadOnlyList<string> Patterns, KeyArns Arns)
{
    public bool Matches(string value)
    {
        foreach (var pattern in Patterns)
        {
            if (Glob(pattern, value)) return true;
        }
        return false;
    }

    /// <summary>Whether a pattern names the key itself, by id or ARN (not through an alias).</summary>
    public bool NamesKey(string keyId) => Matches(keyId) || Matches(Arns.Key(keyId));

    public bool AllowsAliasName(string aliasName) => Matches(aliasName) || Matches(Arns.Alias(aliasName));

    // Listing runs this twice per key inside the single catalog actor, so it builds nothing per call and never
    // backtracks further than the last star: at most pattern length × value length steps, whatever the pattern.
    private static bool Glob(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
