using Akka.Actor;

namespace Kms.Actors.Leases;

/// <summary>
/// The owner's side of a key's leases, kept by its <see cref="KeyEntityActor"/>: which holders it lent the key to and
/// until when by its own monotonic clock, and whether a change must wait for them. A change that could alter what
/// crypto does waits until every holder has given its lease back or the lease has run out, so that no node serves
/// the old state once the change is answered (docs/scaling.md). Off when the duration is zero.
/// </summary>
public sealed class KeyLeaseGrants
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly Func<IActorRef, bool> _isRemote;
    private readonly string _incarnation = Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, Held> _byLease = new();
    private long _grants;
    private long _quietUntil = long.MinValue;

    /// <param name="isRemote">Whether an asker is on another node; only those get leases (a local one gains nothing).</param>
    public KeyLeaseGrants(TimeSpan duration, TimeProvider clock, Func<IActorRef, bool> isRemote)
    {
        _duration = duration > TimeSpan.Zero ? duration : TimeSpan.Zero;
        _clock = clock;
        _isRemote = isRemote;
    }

    public bool Enabled => _duration > TimeSpan.Zero;

    /// <summary>The default locality test: an actor reference with a host that is not this system's own address.</summary>
    public static Func<IActorRef, bool> RemoteTo(ActorSystem system)
    {
        var own = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        return actor => actor.Path.Address.HasGlobalScope && !actor.Path.Address.Equals(own);
    }

    /// <summary>
    /// A fresh incarnation of a key that already existed cannot know the leases an earlier one lent (it was killed,
    /// moved or passivated): its changes wait one lease duration from its start, when any such lease has run out.
    /// </summary>
    public void StartedWithExistingKey()
    {
        if (Enabled) _quietUntil = After(_duration);
    }

    /// <summary>The grant for a holder, or null when this holder may not have one (local, or leases off, or the key is not enabled).</summary>
    public KeyLeases.Grant? TryGrant(IActorRef holder, KeyLeases.Request request, KeyState? state)
    {
        if (!Enabled || state is not { Status: KeyStatus.Enabled } || !_isRemote(holder)) return null;
        // One lease per holder: a renewal replaces the holder's earlier lease, which runs out before the new one.
        foreach (var (id, held) in _byLease.ToList())
        {
            if (held.Holder.Equals(holder)) _byLease.Remove(id);
        }
        var leaseId = $"{_incarnation}-{++_grants}";
        _byLease[leaseId] = new Held(holder, After(_duration));
        KmsMetrics.LeaseGranted();
        return new KeyLeases.Grant(request.KeyId, request.RequestId, leaseId, state, _duration);
    }

    /// <summary>
    /// Whether a command so decided must wait for the key's leases: it would persist a change that crypto depends on,
    /// while a lease may still be in use somewhere. Tags and descriptions do not change what crypto does.
    /// </summary>
    public bool MustWaitFor(IKeyCommand command, KeyDecision decision) =>
        Enabled && ChangesCrypto(command, decision) && !Clear();

    /// <summary>The leases to call back now: every one not yet run out.</summary>
    public IReadOnlyList<(IActorRef Holder, string LeaseId)> Outstanding()
    {
        Prune();
        return _byLease.Select(p => (p.Value.Holder, p.Key)).ToList();
    }

    /// <summary>A holder gave a lease back.</summary>
    public void Returned(string leaseId) => _byLease.Remove(leaseId);

    /// <summary>No lease is out and the start's quiet period is over.</summary>
    public bool Clear()
    {
        Prune();
        return _byLease.Count == 0 && _clock.GetTimestamp() >= _quietUntil;
    }

    /// <summary>
    /// When to look again whether the leases are clear: when the last runs out, or sooner (every quarter second at
    /// most), since the leases run on the <see cref="TimeProvider"/> and timers on the scheduler's clock.
    /// </summary>
    public TimeSpan NextCheck()
    {
        var left = WaitLeft();
        return left < CheckInterval ? left : CheckInterval;
    }

    /// <summary>How long until the last lease runs out and the quiet period ends (zero when already clear).</summary>
    public TimeSpan WaitLeft()
    {
        var until = _byLease.Values.Select(h => h.ExpiresAt).Append(_quietUntil).Max();
        var now = _clock.GetTimestamp();
        return until <= now ? TimeSpan.Zero : _clock.GetElapsedTime(now, until);
    }

    /// <summary>
    /// Whether holders must give the key back before this change: everything that persists, except what crypto never
    /// reads (tags, the description, and the rotation schedule: a scheduled rotation is itself a change that calls back).
    /// </summary>
    public static bool ChangesCrypto(IKeyCommand command, KeyDecision decision) =>
        decision is KeyDecision.Change { Events.Count: > 0 } or KeyDecision.GenerateMaterial or KeyDecision.Rewrap
        && command is not (KeyCommands.TagResource or KeyCommands.UntagResource or KeyCommands.UpdateKeyDescription
            or KeyCommands.EnableKeyRotation or KeyCommands.DisableKeyRotation);

    private void Prune()
    {
        var now = _clock.GetTimestamp();
        foreach (var (id, held) in _byLease.ToList())
        {
            if (held.ExpiresAt <= now) _byLease.Remove(id);
        }
    }

    private long After(TimeSpan span) => _clock.GetTimestamp() + (long)(span.TotalSeconds * _clock.TimestampFrequency);

    private sealed record Held(IActorRef Holder, long ExpiresAt);
}
