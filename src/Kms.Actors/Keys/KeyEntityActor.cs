using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using Kms.Actors.Crypto;
using Kms.Actors.Leases;
using Kms.Actors.Persistence;

namespace Kms.Actors.Keys;

/// <summary>
/// One key: serializes its operations, persists its changes before answering, and holds its unwrapped
/// material in memory only while it is alive (zeroed when it stops or passivates). When the key is
/// destroyed it deletes its earlier events and snapshots, so no copy of its material remains, then records that
/// (<see cref="KeyEvents.KeyHistoryDeleted"/>); a destroyed key that starts without that record deletes its history
/// again, and the catalog wakes such keys until it is recorded.
/// When sharding stops it (<see cref="Stop"/>: idle passivation or hand-off) it first saves a snapshot if it
/// changed since its last one, so that its next start reads a snapshot and replays no events.
/// An untyped actor with one method per state: thousands of keys start and stop each second, and a typed
/// Receive actor builds its handler tables again for every instance and every Become.
/// </summary>
public sealed partial class KeyEntityActor : UntypedPersistentActor, IWithTimers
{
    public const int SnapshotEvery = 100;
    public static readonly TimeSpan DefaultShredRetry = TimeSpan.FromSeconds(30);

    private readonly IActorRef _masterKey;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _masterKeyTimeout;
    private readonly TimeSpan _shredRetry;
    private readonly KeyMaterial _material;
    private readonly KeyLeaseGrants _leases;
    private KeyState? _state;
    private IActorRef? _awaitingPersist;
    private byte[]? _pendingMaterial;
    private long _snapshotSequenceNr;
    private RecoveryWaiters _waitingForRecovery;
    private JournalRowRejected? _rejected;

    /// <param name="shredRetry">How long a destroyed key waits before it tries again to delete its history (default 30 s).</param>
    /// <param name="leaseDuration">How long a lease of the key lasts (docs/scaling.md); zero, the default, lends none.</param>
    /// <param name="isRemote">Whether an asker is on another node; by default, whether its address is another system's.</param>
    public KeyEntityActor(string keyId, IActorRef masterKey, TimeProvider clock, TimeSpan masterKeyTimeout, TimeSpan? shredRetry = null,
        TimeSpan leaseDuration = default, Func<IActorRef, bool>? isRemote = null)
    {
        KeyId = keyId;
        PersistenceId = PersistenceIdFor(keyId);
        _masterKey = masterKey;
        _clock = clock;
        _masterKeyTimeout = masterKeyTimeout;
        _shredRetry = shredRetry ?? DefaultShredRetry;
        _material = new KeyMaterial(keyId);
        _leases = new KeyLeaseGrants(leaseDuration, clock, isRemote ?? KeyLeaseGrants.RemoteTo(Context.System));
    }

    public string KeyId { get; }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string keyId) => "key-" + keyId;

    /// <summary>
    /// Props built on a <see cref="Producer"/>, since <c>Props.Create(() => new ...)</c> would build an expression
    /// tree for every woken key and bind the constructor by reflection, with the small <see cref="KeyMailbox"/>.
    /// </summary>
    public static Props Props(string keyId, IActorRef masterKey, TimeProvider clock, TimeSpan masterKeyTimeout, TimeSpan? shredRetry = null,
        TimeSpan leaseDuration = default, Func<IActorRef, bool>? isRemote = null) =>
        Akka.Actor.Props.CreateBy(new Producer(keyId, masterKey, clock, masterKeyTimeout, shredRetry, leaseDuration, isRemote)).WithMailbox(KeyMailbox.Id);

    protected override void PreStart()
    {
        KmsMetrics.KeyActorStarted();
        base.PreStart();
    }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: JournalRowRejected rejected }:
                _rejected ??= rejected;
                break;
            case JournalRowRejected rejected:
                _rejected ??= rejected;
                break;
            case IKeyEvent when _rejected is not null:
                break;
            case SnapshotOffer { Snapshot: KeyState snapshot } offer:
                _state = snapshot;
                _snapshotSequenceNr = offer.Metadata.SequenceNr;
                break;
            case IKeyEvent e:
                _state = _state.Apply(e);
                break;
            case RecoveryCompleted when _rejected is not null:
                _waitingForRecovery.Clear();
                RefuseHistory(_rejected);
                break;
            case RecoveryCompleted:
                _waitingForRecovery.Clear();
                if (_state is { Status: not KeyStatus.Destroyed })
                {
                    _leases.StartedWithExistingKey();
                    BeginUnwrapping();
                }
                // Destroyed, but the deletion of its history was never recorded: it failed or was interrupted.
                else if (_state is { Status: KeyStatus.Destroyed, HistoryDeleted: false }) ShredHistory();
                break;
        }
    }

    protected override void OnCommand(object message) => Ready(message);

    /// <summary>Notes who waits while the key recovers (the recovery stashes their commands), to answer them if it fails.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (IsRecovering && message is IKeyCommand) _waitingForRecovery.Add(Sender);
        return base.AroundReceive(receive, message);
    }

    /// <summary>
    /// The key's events or snapshot could not be read (the database is down). The commands that woke it die with
    /// it in the recovery's stash, so they are answered now, at once and retryable; the key is not marked
    /// failed: sharding starts it afresh on the next request.
    /// </summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _waitingForRecovery.FailAll();
        base.OnRecoveryFailure(reason, message);
    }

    private void Ready(object message)
    {
        switch (message)
        {
            case KeyLeases.Request request:
                Lend(request);
                break;
            case IKeyCommand command:
                Handle(command);
                break;
            case KeyLeases.Revoked returned:
                _leases.Returned(returned.LeaseId);
                break;
            case SaveSnapshotSuccess saved:
                _snapshotSequenceNr = Math.Max(_snapshotSequenceNr, saved.Metadata.SequenceNr);
                break;
            case SaveSnapshotFailure f:
                Log.Warning("Snapshot of key {0} failed: {1}", KeyId, f.Cause.GetType().Name);
                break;
            case Shred when _state is { Status: KeyStatus.Destroyed, HistoryDeleted: false }:
                ShredHistory();
                break;
            case Shred:
                break;
            case Stop:
                StopAfterSnapshot();
                break;
            case DeleteMessagesSuccess:
                _eventsShredded = true;
                AfterShred();
                break;
            case DeleteSnapshotsSuccess:
                _snapshotsShredded = true;
                AfterShred();
                break;
            case DeleteMessagesFailure f:
                RetryShred("events", f.Cause);
                break;
            case DeleteSnapshotsFailure f:
                RetryShred("snapshots", f.Cause);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Handle(IKeyCommand command)
    {
        var decision = _state.Decide(command, _clock.GetUtcNow());
        if (_leases.MustWaitFor(command, decision))
        {
            Stash.Stash();
            CallLeasesBack();
            return;
        }
        switch (decision)
        {
            case KeyDecision.Reject reject:
                Sender.Tell(new KeyReplies.Failed(reject.Error));
                if (_state is null) Context.Parent.Tell(new Passivate(Stop.Instance));
                break;
            case KeyDecision.Reply reply:
                Sender.Tell(reply.Answer);
                break;
            case KeyDecision.Change { Events.Count: 0 }:
                Sender.Tell(new KeyReplies.Metadata(_state!.ToMetadata()));
                break;
            case KeyDecision.Change change:
                PersistThenReply(change.Events, Sender);
                break;
            case KeyDecision.GenerateMaterial generate:
                BeginGenerating(command, generate, Sender);
                break;
            case KeyDecision.Rewrap rewrap:
                BeginRewrapping(rewrap, Sender);
                break;
            case KeyDecision.UseVersion use:
                Sender.Tell(RunCrypto(command, use));
                break;
        }
    }

    private void PersistThenReply(IReadOnlyList<IKeyEvent> events, IActorRef replyTo)
    {
        _awaitingPersist = replyTo;
        var remaining = events.Count;
        var started = _clock.GetTimestamp();
        PersistAll(events, e =>
        {
            KmsMetrics.JournalWriteSeconds.Record(_clock.GetElapsedTime(started).TotalSeconds);
            ApplyPersisted(e);
            if (--remaining > 0) return;
            _awaitingPersist = null;
            replyTo.Tell(new KeyReplies.Metadata(_state!.ToMetadata()));
        });
    }

    private void ApplyPersisted(IKeyEvent e)
    {
        _state = _state.Apply(e);
        Context.System.EventStream.Publish(new KeyChanged(_state.WithoutMaterial(), LastSequenceNr));
        if (e is KeyEvents.KeyDestroyed)
        {
            ForgetMaterial();
            ShredHistory();
        }
        else if (LastSequenceNr % SnapshotEvery == 0 && _state.Status != KeyStatus.Destroyed)
        {
            SaveSnapshot(_state);
        }
    }

    /// <summary>
    /// Stops, after saving the state as a snapshot when events were persisted since the last one. Recovery
    /// then loads that snapshot and finds no newer event, so the journal skips the replay (the dearest part
    /// of starting a passivated key). A destroyed key saves nothing: its snapshots
    /// are being deleted. A snapshot that fails only costs the next start a replay.
    /// </summary>
    private void StopAfterSnapshot()
    {
        // Deleting the history of a destroyed key is finished first: the confirmations would reach no one.
        if (_shredding)
        {
            _stopWhenShredded = true;
            return;
        }
        if (_state is null or { Status: KeyStatus.Destroyed } || LastSequenceNr <= _snapshotSequenceNr)
        {
            Context.Stop(Self);
            return;
        }
        SaveSnapshot(_state);
        Become(SnapshottingBeforeStop);
    }

    private void SnapshottingBeforeStop(object message)
    {
        switch (message)
        {
            case SaveSnapshotSuccess:
                Context.Stop(Self);
                break;
            case SaveSnapshotFailure f:
                Log.Warning("Snapshot of key {0} before stopping failed: {1}", KeyId, f.Cause.GetType().Name);
                Context.Stop(Self);
                break;
            default:
                // Sharding buffers the key's messages until it has stopped; anything else is left to dead letters.
                Stash.Stash();
                break;
        }
    }

    /// <summary>
    /// A row of the key's history failed its journal MAC: the key uses none of it. Every command fails as an
    /// internal error until the key stops, and the next start reads the journal again.
    /// </summary>
    private void RefuseHistory(JournalRowRejected rejected)
    {
        _state = null;
        Log.Error("Key {0} is not used: its {1} at sequence number {2} fails the journal integrity check ({3}).",
            KeyId, rejected.Kind, rejected.SequenceNr, rejected.Reason);
        Become(next => Unusable(next, new KmsError(KmsErrorCode.Internal, "The key's stored history fails its integrity check; the key is not used.")));
        Self.Tell(StopNow.Instance);
    }

    /// <summary>The master key could not unwrap the key's material: every command fails until the key stops.</summary>
    private void Unusable(object message, KmsError error)
    {
        switch (message)
        {
            case StopNow:
                Context.Parent.Tell(new Passivate(Stop.Instance));
                break;
            case Stop:
                Context.Stop(Self);
                break;
            // The lease protocol's own answer: the holder then waits before it asks again.
            case KeyLeases.Request request:
                Sender.Tell(new KeyLeases.Refused(KeyId, request.RequestId));
                break;
            case IKeyCommand:
                Sender.Tell(new KeyReplies.Failed(error));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void BecomeReady()
    {
        Become(Ready);
        Stash.UnstashAll();
        if (_state is null) Context.Parent.Tell(new Passivate(Stop.Instance));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        FailPending();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        FailPending();
        base.OnPersistRejected(cause, @event, sequenceNr);
        BecomeReady();
    }

    private void FailPending()
    {
        _awaitingPersist?.Tell(new KeyReplies.Failed(KmsError.Unavailable("The change could not be written to the key store; nothing was changed.")));
        _awaitingPersist = null;
        if (_pendingMaterial is not null) CryptographicOperations.ZeroMemory(_pendingMaterial);
        _pendingMaterial = null;
    }

    protected override void PostStop()
    {
        KmsMetrics.KeyActorStopped();
        ForgetMaterial();
        base.PostStop();
    }

    /// <summary>
    /// What sharding sends a key to stop it (its hand-off stop message: idle passivation, rebalancing,
    /// shutdown). Local only: a shard sends it to its own child.
    /// </summary>
    public sealed class Stop : INoSerializationVerificationNeeded
    {
        public static readonly Stop Instance = new();

        private Stop() { }
    }

    private sealed class Producer(string keyId, IActorRef masterKey, TimeProvider clock, TimeSpan masterKeyTimeout, TimeSpan? shredRetry,
        TimeSpan leaseDuration, Func<IActorRef, bool>? isRemote) : IIndirectActorProducer
    {
        public Type ActorType => typeof(KeyEntityActor);

        public ActorBase Produce() => new KeyEntityActor(keyId, masterKey, clock, masterKeyTimeout, shredRetry, leaseDuration, isRemote);

        public void Release(ActorBase actor) { }
    }

    private sealed class StopNow : INoSerializationVerificationNeeded
    {
        public static readonly StopNow Instance = new();
    }
}
