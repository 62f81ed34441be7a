using Akka.Cluster.Sharding;

namespace Kms.Actors.Keys;

/// <summary>Routes key commands to shards by key id.</summary>
public sealed class KeyMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    public const int MaxShards = 100;

    public override string? EntityId(object message) => (message as IKeyCommand)?.KeyId;
}
