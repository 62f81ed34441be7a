namespace Kms.Gateway.Health;

/// <summary>Which probe a health check answers for: each endpoint selects its checks by tag.</summary>
public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}
