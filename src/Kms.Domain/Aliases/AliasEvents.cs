namespace Kms.Domain.Aliases;

/// <summary>What happens to an alias. Persisted: their manifests must never change.</summary>
public static class AliasEvents
{
    public sealed record AliasCreated(string AliasName, string TargetKeyId, DateTimeOffset At) : IAliasEvent;

    public sealed record AliasUpdated(string AliasName, string TargetKeyId, DateTimeOffset At) : IAliasEvent;

    public sealed record AliasDeleted(string AliasName, DateTimeOffset At) : IAliasEvent;
}
