namespace Kms.Actors.Aliases;

/// <summary>What can be asked of one alias's actor. Targets are key ids, already resolved and checked.</summary>
public static class AliasCommands
{
    public sealed record CreateAlias(string AliasName, string TargetKeyId) : IAliasCommand;

    public sealed record UpdateAlias(string AliasName, string TargetKeyId) : IAliasCommand;

    public sealed record DeleteAlias(string AliasName) : IAliasCommand;

    public sealed record ResolveAlias(string AliasName) : IAliasCommand;
}
