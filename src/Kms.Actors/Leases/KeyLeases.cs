
namespace Kms.Actors.Leases;

/// <summary>
/// The lease protocol between a key's actor (the owner, on the node sharding put it on) and the lease actor of another
/// node (the holder), which then serves the key's crypto itself (docs/scaling.md). Only wrapped material crosses nodes.
/// </summary>
public static class KeyLeases
{
    /// <summary>
    /// Sent through the key shard region by a holder's <see cref="KeyLeaseActor"/> (the sender); <paramref name="RequestId"/>
    /// is a random number the grant must echo.
    /// </summary>
    public sealed record Request(string KeyId, long RequestId) : IKeyCommand;

    /// <summary>
    /// The key's state, its material wrapped only, lent for <paramref name="Duration"/> from when the holder asked.
    /// <paramref name="LeaseId"/> is unique to this grant of this incarnation of the key's actor.
    /// </summary>
    public sealed record Grant(string KeyId, long RequestId, string LeaseId, KeyState State, TimeSpan Duration) : IKmsMessage;

    /// <summary>No lease now (the key is local to the asker, disabled, not ready, or leases are off); the holder forwards meanwhile.</summary>
    public sealed record Refused(string KeyId, long RequestId) : IKmsMessage;

    /// <summary>The owner is about to change the key: the holder stops serving it, wipes its material, then answers <see cref="Revoked"/>.</summary>
    public sealed record Revoke(string KeyId, string LeaseId) : IKmsMessage;

    public sealed record Revoked(string KeyId, string LeaseId) : IKmsMessage;
}
