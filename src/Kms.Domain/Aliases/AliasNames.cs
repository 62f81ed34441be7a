using System.Text.RegularExpressions;

namespace Kms.Domain.Aliases;

/// <summary>AWS KMS alias naming: <c>alias/</c> then letters, digits, <c>/ _ -</c>; 1–256 characters; <c>alias/aws/</c> is reserved.</summary>
public static partial class AliasNames
{
    public const string Prefix = "alias/";
    public const string ReservedPrefix = "alias/aws/";
    public const int MaxLength = 256;

    /// <summary>Null when the name may be created, else why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "AliasName is required.";
        if (name.Length > MaxLength) return $"AliasName must be at most {MaxLength} characters.";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.Length == Prefix.Length) return "AliasName must begin with 'alias/' and name something.";
        if (!Allowed().IsMatch(name)) return "AliasName may hold only letters, digits and / _ - characters.";
        if (name.StartsWith(ReservedPrefix, StringComparison.Ordinal)) return "Alias names beginning with 'alias/aws/' are reserved for AWS managed keys.";
        return null;
    }

    /// <summary>True when the text names an alias (it may still not exist).</summary>
    public static bool IsAliasName(string? name) => name is not null && name.StartsWith(Prefix, StringComparison.Ordinal) && name.Length <= MaxLength;

    [GeneratedRegex("^alias/[a-zA-Z0-9/_-]+$")]
    private static partial Regex Allowed();
}
