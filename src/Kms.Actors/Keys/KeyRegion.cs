namespace Kms.Actors.Keys;

/// <summary>Registry marker for the key shard region (or proxy) on this node.</summary>
public sealed class KeyRegion;
