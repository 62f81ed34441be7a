namespace Kms.Domain.Aliases;

/// <summary>The answers of alias actors.</summary>
public static class AliasReplies
{
    public sealed record Alias(AliasState State) : IAliasReply;

    public sealed record Deleted(string AliasName) : IAliasReply;
}
