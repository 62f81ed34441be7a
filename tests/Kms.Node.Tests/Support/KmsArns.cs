namespace Kms.Node.Tests.Support;

/// <summary>The ARNs a node answers with by default (region us-east-1, account 000000000000).</summary>
public static class KmsArns
{
    public const string Prefix = "arn:aws:kms:us-east-1:000000000000:";

    public static string Key(string keyId) => Prefix + "key/" + keyId;

    /// <summary>The ARN of an alias; <paramref name="aliasName"/> includes its <c>alias/</c> prefix.</summary>
    public static string Alias(string aliasName) => Prefix + aliasName;
}
