namespace Kms.Domain.Aliases;

/// <summary>What can be asked of one alias's actor. Targets are key ids, already resolved and checked.</summary>
public static class AliasCommands
{
    public sealed record CreateAlias(string AliasName, string TargetKeyId) : IAliasCommand;

    public sealed record UpdateAlias(string AliasName, string TargetKeyId) : IAliasCommand;

    /// <summary>Deletes the alias; with <see cref="OnlyIfTarget"/>, only while it still points to that key.</summary>
    public sealed record DeleteAlias(string AliasName) : IAliasCommand
    {
        public string? OnlyIfTarget { get; init; }
    }

    public sealed record ResolveAlias(string AliasName) : IAliasCommand;
}
