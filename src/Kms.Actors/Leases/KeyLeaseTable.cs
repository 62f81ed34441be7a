using System.Collections.Concurrent;
using Akka.Actor;

namespace Kms.Actors.Leases;

/// <summary>
/// The leases this node holds, read on every crypto request (<see cref="KeyOperations"/>): a request for a key with a
/// valid lease is served here, without crossing to the key's node. Only the node's <see cref="KeyLeaseActor"/> adds
/// and removes leases; any thread reads. With no lease actor attached (a single node), it serves nothing.
/// </summary>
public sealed class KeyLeaseTable(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, KeyLease> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _asking = new(StringComparer.Ordinal);
    private volatile IActorRef? _leaseActor;

    public TimeProvider Clock { get; } = clock;

    public int Count => _leases.Count;

    /// <summary>
    /// The reply of a crypto command served under a lease, or null: then the caller sends the command to the key's
    /// actor as usual and tells <see cref="Served"/> what it answered. A lease in its last third is renewed in the
    /// background while it serves.
    /// </summary>
    public IKeyReply? TryServe(IKeyCommand command)
    {
        if (_leaseActor is null || !IsLeasable(command)) return null;
        if (_leases.TryGetValue(command.KeyId, out var lease) && lease.TryServe(command) is { } reply)
        {
            KmsMetrics.LeasedRequests.Add(1);
            if (lease.WantsRenewal(Clock.GetTimestamp())) Ask(command.KeyId);
            return reply;
        }
        return null;
    }

    /// <summary>
    /// The key's actor answered a crypto command this node could not serve: when it served it, this node asks for a
    /// lease of the key (at most one request per key at a time). A failure (an unknown key, a disabled one, a key store
    /// that did not answer) asks for nothing, so a stream of requests naming keys that do not exist wakes no key twice.
    /// </summary>
    public void Served(IKeyCommand command, IKmsReply reply)
    {
        if (reply is not KeyReplies.Failed && IsLeasable(command)) Ask(command.KeyId);
    }

    public KeyLease? Find(string keyId) => _leases.GetValueOrDefault(keyId);

    public static bool IsLeasable(IKeyCommand command) => command is
        KeyCommands.Encrypt or KeyCommands.Decrypt or KeyCommands.GenerateDataKey or KeyCommands.GenerateMac or KeyCommands.VerifyMac;

    internal void Attach(IActorRef? leaseActor) => _leaseActor = leaseActor;

    /// <summary>The lease actor is done with a request for this key (granted, refused or lost): the next miss may ask again.</summary>
    internal void Answered(string keyId) => _asking.TryRemove(keyId, out _);

    internal void Install(string keyId, KeyLease lease)
    {
        _leases.TryGetValue(keyId, out var previous);
        _leases[keyId] = lease;
        KmsMetrics.LeasesHeld.Add(1);
        if (previous is not null) Close(previous);
    }

    /// <summary>Removes the key's lease, waits for its operation in flight, and wipes its material.</summary>
    internal void Drop(string keyId)
    {
        if (_leases.TryRemove(keyId, out var lease)) Close(lease);
    }

    /// <summary>Asks again for the leases in their last third that served since they were granted (see <see cref="KeyLease.UsedSinceGrant"/>).</summary>
    internal void RenewUsed()
    {
        var now = Clock.GetTimestamp();
        foreach (var (keyId, lease) in _leases)
        {
            if (lease.WantsRenewal(now) && !lease.IsExpired(now) && lease.UsedSinceGrant) Ask(keyId);
        }
    }

    internal void DropExpired()
    {
        var now = Clock.GetTimestamp();
        foreach (var (keyId, lease) in _leases)
        {
            if (lease.IsExpired(now) && _leases.TryRemove(new KeyValuePair<string, KeyLease>(keyId, lease))) Close(lease);
        }
    }

    internal void DropAll()
    {
        foreach (var keyId in _leases.Keys) Drop(keyId);
        _asking.Clear();
    }

    private void Ask(string keyId)
    {
        if (_leaseActor is { } actor && _asking.TryAdd(keyId, 0)) actor.Tell(new KeyLeaseActor.Wanted(keyId));
    }

    private static void Close(KeyLease lease)
    {
        lease.Dispose();
        KmsMetrics.LeasesHeld.Add(-1);
    }
}
