namespace Kms.Node.Configuration;

/// <summary><c>Kms:Aws</c>: the region and account written into key ARNs.</summary>
public sealed class AwsOptions
{
    public string? Region { get; set; }
    public string? AccountId { get; set; }
}
