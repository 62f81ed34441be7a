using Kms.Actors.Crypto;

namespace Kms.Actors.Leases;

/// <summary>
/// A lease of another node's key, held by this node: the key's state as lent, its material unwrapped here, and when
/// the lease runs out by this node's monotonic clock. Requests of many threads serve through it one at a time (the
/// material's ciphers are not thread-safe, and a crypto call takes microseconds); closing it waits for the one in
/// flight, so once <see cref="Dispose"/> returns nothing serves under it and its material is wiped.
/// </summary>
public sealed class KeyLease : IDisposable
{
    private readonly Lock _gate = new();
    private readonly KeyMaterial _material;
    private readonly TimeProvider _clock;
    private bool _closed;
    private bool _usedSinceGrant;

    /// <param name="material">Owned by the lease from now on.</param>
    /// <param name="expiresAt">A <see cref="TimeProvider.GetTimestamp"/> of this node after which the lease is not used.</param>
    /// <param name="renewFrom">The timestamp from which the holder asks for a fresh lease while it still serves on this one.</param>
    public KeyLease(string leaseId, KeyState state, KeyMaterial material, long expiresAt, long renewFrom, TimeProvider clock)
    {
        LeaseId = leaseId;
        State = state;
        _material = material;
        ExpiresAt = expiresAt;
        RenewFrom = renewFrom;
        _clock = clock;
    }

    public string LeaseId { get; private set; }

    public KeyState State { get; private set; }

    public long ExpiresAt { get; private set; }

    public long RenewFrom { get; private set; }

    public bool Closed
    {
        get
        {
            lock (_gate) return _closed;
        }
    }

    public bool IsExpired(long now) => now >= ExpiresAt;

    public bool WantsRenewal(long now) => now >= RenewFrom;

    /// <summary>
    /// Whether the lease served a request since it was granted or last renewed: a lease in use is renewed before it runs
    /// out even when no request happens to come in its last third, so a key in steady use never falls back to the owner.
    /// </summary>
    public bool UsedSinceGrant
    {
        get
        {
            lock (_gate) return _usedSinceGrant;
        }
    }

    /// <summary>
    /// Serves a crypto command as the key's own actor would, with the same code (<see cref="KeyDomain.Decide"/> and
    /// <see cref="KeyMaterial"/>). Null when this lease cannot answer it: closed, run out, a decision only the owner
    /// takes, or an unexpected failure, which the owner then meets and logs.
    /// </summary>
    public IKeyReply? TryServe(IKeyCommand command)
    {
        lock (_gate)
        {
            if (_closed || _clock.GetTimestamp() >= ExpiresAt) return null;
            switch (State.Decide(command, _clock.GetUtcNow()))
            {
                case KeyDecision.Reject reject:
                    _usedSinceGrant = true;
                    return new KeyReplies.Failed(reject.Error);
                case KeyDecision.UseVersion use:
                    try
                    {
                        var reply = _material.Run(command, use.Version, out var failure);
                        _usedSinceGrant |= failure is null;
                        return failure is null ? reply : null;
                    }
                    catch (Exception)
                    {
                        return null;
                    }
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// Extends the lease under a newer grant of the same material (a renewal): the material stays unwrapped, so
    /// its ciphers keep their message keys. False when the grant's material differs, or the lease is closed.
    /// </summary>
    public bool TryRenew(string leaseId, KeyState state, long expiresAt, long renewFrom)
    {
        lock (_gate)
        {
            if (_closed || !SameMaterial(State, state)) return false;
            (LeaseId, State, ExpiresAt, RenewFrom) = (leaseId, state, expiresAt, renewFrom);
            _usedSinceGrant = false;
            return true;
        }
    }

    /// <summary>Stops serving, once the operation in flight (if any) is done, and wipes the material.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _material.Dispose();
        }
    }

    private static bool SameMaterial(KeyState held, KeyState granted) =>
        held.KeyId == granted.KeyId && held.Spec == granted.Spec && held.Usage == granted.Usage
        && held.Versions.Count == granted.Versions.Count
        && held.Versions.Zip(granted.Versions).All(p => p.Item1.Version == p.Item2.Version && p.Item1.Provider == p.Item2.Provider
            && p.Item1.WrapFormat == p.Item2.WrapFormat && p.Item1.WrappedMaterial.AsSpan().SequenceEqual(p.Item2.WrappedMaterial));
}
