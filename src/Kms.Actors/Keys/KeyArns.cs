namespace Kms.Actors.Keys;

/// <summary>AWS-style ARNs for keys and aliases: <c>arn:aws:kms:&lt;region&gt;:&lt;account&gt;:key/&lt;id&gt;</c> and <c>…:alias/&lt;name&gt;</c>.</summary>
public sealed record KeyArns(string Region, string AccountId)
{
    public static KeyArns Default { get; } = new("us-east-1", "000000000000");

    private string Prefix => $"arn:aws:kms:{Region}:{AccountId}:";

    public string Key(string keyId) => Prefix + "key/" + keyId;

    /// <summary>The ARN of an alias; <paramref name="aliasName"/> includes its <c>alias/</c> prefix.</summary>
    public string Alias(string aliasName) => Prefix + aliasName;

    /// <summary>
    /// Reads an ARN of this region and account: <c>key/&lt;id&gt;</c> gives the key id, <c>alias/…</c> the alias name.
    /// ARNs of another region or account name nothing here.
    /// </summary>
    public bool TryParse(string arn, out string? keyId, out string? aliasName)
    {
        keyId = aliasName = null;
        if (!arn.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var resource = arn[Prefix.Length..];
        if (resource.StartsWith("key/", StringComparison.Ordinal)) keyId = resource["key/".Length..];
        else if (resource.StartsWith("alias/", StringComparison.Ordinal)) aliasName = resource;
        return keyId is not null || aliasName is not null;
    }
}
