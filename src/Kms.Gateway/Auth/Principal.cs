namespace Kms.Gateway.Auth;

/// <summary>
/// A caller with its credentials: <see cref="SharedKey"/> signs the native go-kms protocol,
/// <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/> sign SigV4. <see cref="Keys"/>, when present,
/// limits it to keys matching those ids, ARNs or alias patterns (<c>*</c> matches any run of characters).
/// </summary>
public sealed record Principal(string Name, Role Role, byte[]? SharedKey, string? AccessKeyId, string? SecretAccessKey, IReadOnlyList<string>? Keys)
{
    public override string ToString() => $"{Name} ({Role})";
}
