using Akka.Cluster.Sharding;

namespace Kms.Actors.Aliases;

/// <summary>Routes alias commands to shards by alias name.</summary>
public sealed class AliasMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    public const int MaxShards = 50;

    public override string? EntityId(object message) => (message as IAliasCommand)?.AliasName;
}
