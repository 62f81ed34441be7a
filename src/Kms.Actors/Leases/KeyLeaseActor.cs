using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Kms.Actors.Crypto;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Leases;

/// <summary>
/// One per node in a cluster: asks the owners of keys this node forwards requests for to lend them
/// (<see cref="KeyLeases.Request"/>, through the key shard region), unwraps what they grant with this node's master key,
/// puts the leases in the <see cref="KeyLeaseTable"/>, gives them back when revoked, and drops them when they run out.
/// A lease runs out by this node's clock, counted from when it asked, so before the owner's own count ends.
/// </summary>
public sealed class KeyLeaseActor : UntypedActor, IWithTimers
{
    private readonly KeyLeaseTable _table;
    private readonly IActorRef _masterKey;
    private readonly Func<IActorRef?> _keyRegion;
    private readonly TimeSpan _maxDuration;
    private readonly TimeSpan _masterKeyTimeout;
    private readonly Dictionary<string, Asking> _asking = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _installing = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="keyRegion">The key shard region, once registered (null before).</param>
    /// <param name="maxDuration">The longest lease this node accepts; a grant for longer counts as this long.</param>
    public KeyLeaseActor(KeyLeaseTable table, IActorRef masterKey, Func<IActorRef?> keyRegion, TimeSpan maxDuration, TimeSpan masterKeyTimeout)
    {
        _table = table;
        _masterKey = masterKey;
        _keyRegion = keyRegion;
        _maxDuration = maxDuration;
        _masterKeyTimeout = masterKeyTimeout;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(KeyLeaseTable table, IActorRef masterKey, Func<IActorRef?> keyRegion, TimeSpan maxDuration, TimeSpan masterKeyTimeout) =>
        Akka.Actor.Props.Create(() => new KeyLeaseActor(table, masterKey, keyRegion, maxDuration, masterKeyTimeout));

    /// <summary>Every so often, drops the leases that ran out, renews those in use, and forgets requests never answered.</summary>
    private TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Max(_maxDuration.Ticks / 5, TimeSpan.TicksPerMillisecond * 100));

    protected override void PreStart()
    {
        _table.Attach(Self);
        Timers.StartPeriodicTimer(Sweep.Instance, Sweep.Instance, SweepInterval);
    }

    protected override void PostStop()
    {
        _table.Attach(null);
        _table.DropAll();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Wanted wanted:
                RequestLease(wanted.KeyId);
                break;
            case KeyLeases.Grant grant:
                Accept(grant);
                break;
            case Unwrapped unwrapped:
                Install(unwrapped);
                break;
            case KeyLeases.Refused refused:
                if (_asking.TryGetValue(refused.KeyId, out var asking) && asking.RequestId == refused.RequestId)
                {
                    _asking.Remove(refused.KeyId);
                    // Not asked again for a while: the key may be this node's own, or disabled.
                    Timers.StartSingleTimer(("retry", refused.KeyId), new RetryAllowed(refused.KeyId), _maxDuration);
                }
                break;
            case RetryAllowed retry:
                _table.Answered(retry.KeyId);
                break;
            case KeyLeases.Revoke revoke:
                GiveBack(revoke);
                break;
            case Sweep:
                SweepExpired();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void RequestLease(string keyId)
    {
        if (_asking.ContainsKey(keyId) || _installing.ContainsKey(keyId)) return;
        if (_keyRegion() is not { } region)
        {
            _table.Answered(keyId);
            return;
        }
        var requestId = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
        _asking[keyId] = new Asking(requestId, _table.Clock.GetTimestamp());
        region.Tell(new KeyLeases.Request(keyId, requestId), Self);
    }

    /// <summary>
    /// Only a grant for a request this node has outstanding is taken, and only for what the local master key
    /// unwraps under the key's id, spec and usage (the wrap binds them): a stale or forged grant is dropped.
    /// </summary>
    private void Accept(KeyLeases.Grant grant)
    {
        if (grant.KeyId is null || grant.State is null || !_asking.TryGetValue(grant.KeyId, out var asking) || asking.RequestId != grant.RequestId)
            return;
        _asking.Remove(grant.KeyId);
        var duration = grant.Duration < _maxDuration ? grant.Duration : _maxDuration;
        var expiresAt = asking.SentAt + Ticks(duration);
        if (grant.State.KeyId != grant.KeyId || grant.State.Status != KeyStatus.Enabled || grant.State.Versions.Count == 0
            || duration <= TimeSpan.Zero || _table.Clock.GetTimestamp() >= expiresAt)
        {
            _table.Answered(grant.KeyId);
            return;
        }
        var renewFrom = asking.SentAt + Ticks(duration * 2 / 3);
        if (_table.Find(grant.KeyId) is { } held && held.TryRenew(grant.LeaseId, grant.State, expiresAt, renewFrom))
        {
            _table.Answered(grant.KeyId);
            return;
        }
        _installing[grant.KeyId] = grant.RequestId;
        var state = grant.State;
        var versions = state.Versions.Select(v => new MasterKeyProtocol.WrappedVersion(v.Version, v.Provider, v.WrappedMaterial, v.WrapFormat)).ToList();
        _masterKey.Ask<object>(new MasterKeyProtocol.Unwrap(state.KeyId, state.Spec, state.Usage, versions), _masterKeyTimeout)
            .PipeTo(Self,
                success: result => new Unwrapped(grant, expiresAt, renewFrom, result),
                failure: _ => new Unwrapped(grant, expiresAt, renewFrom, null));
    }

    private void Install(Unwrapped unwrapped)
    {
        var grant = unwrapped.Grant;
        var materials = (unwrapped.Result as MasterKeyProtocol.Unwrapped)?.Materials;
        // A revoke since the grant cancels it.
        var current = _installing.TryGetValue(grant.KeyId, out var requestId) && requestId == grant.RequestId;
        if (current) _installing.Remove(grant.KeyId);
        if (!current || materials is null)
        {
            if (materials is not null) foreach (var bytes in materials.Values) CryptographicOperations.ZeroMemory(bytes);
            if (!current) return;
            _log.Warning("A lease of key {0} was granted but its material does not unwrap on this node.", grant.KeyId);
            Timers.StartSingleTimer(("retry", grant.KeyId), new RetryAllowed(grant.KeyId), _maxDuration);
            return;
        }
        var material = new KeyMaterial(grant.KeyId);
        material.HoldAll(materials);
        _table.Install(grant.KeyId, new KeyLease(grant.LeaseId, grant.State, material, unwrapped.ExpiresAt, unwrapped.RenewFrom, _table.Clock));
        _table.Answered(grant.KeyId);
    }

    /// <summary>
    /// Whatever this node holds or is getting of the key goes, whichever lease the owner names: the owner only ever
    /// revokes before a change, and a forged revoke can do no more than send requests to the owner for a while.
    /// </summary>
    private void GiveBack(KeyLeases.Revoke revoke)
    {
        // A message with no key id comes from no owner; dropped, it cannot restart this actor (and drop every lease).
        if (revoke.KeyId is null) return;
        _asking.Remove(revoke.KeyId);
        _installing.Remove(revoke.KeyId);
        _table.Drop(revoke.KeyId);
        _table.Answered(revoke.KeyId);
        Sender.Tell(new KeyLeases.Revoked(revoke.KeyId, revoke.LeaseId));
    }

    private void SweepExpired()
    {
        _table.DropExpired();
        _table.RenewUsed();
        var now = _table.Clock.GetTimestamp();
        foreach (var (keyId, asking) in _asking.ToList())
        {
            // Unanswered (lost, or the owner is unreachable): the next miss asks again.
            if (now - asking.SentAt < Ticks(_maxDuration)) continue;
            _asking.Remove(keyId);
            _table.Answered(keyId);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _table.Clock.TimestampFrequency);

    /// <summary>From the <see cref="KeyLeaseTable"/>: a request was forwarded for a key this node has no valid lease of.</summary>
    public sealed record Wanted(string KeyId) : INoSerializationVerificationNeeded;

    private sealed record Asking(long RequestId, long SentAt);

    private sealed record Unwrapped(KeyLeases.Grant Grant, long ExpiresAt, long RenewFrom, object? Result) : INoSerializationVerificationNeeded, IHoldsKeyMaterial
    {
        public void WipeMaterial() => (Result as IHoldsKeyMaterial)?.WipeMaterial();
    }

    private sealed record RetryAllowed(string KeyId) : INoSerializationVerificationNeeded;

    private sealed class Sweep : INoSerializationVerificationNeeded
    {
        public static readonly Sweep Instance = new();
    }
}
