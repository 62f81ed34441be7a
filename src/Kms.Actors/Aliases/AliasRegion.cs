namespace Kms.Actors.Aliases;

/// <summary>Registry marker for the alias shard region on this node.</summary>
public sealed class AliasRegion;
