using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Kms.Actors.Persistence;

namespace Kms.Actors.Aliases;

/// <summary>
/// One alias name. Being the only writer of that name makes aliases unique across the cluster. As the key actor does,
/// it decides with the domain's pure rules (<see cref="AliasDomain.Decide"/>), persists, then applies, then replies;
/// an untyped actor with one method per state. An alias whose history fails the journal integrity check answers
/// every command with an internal error until it stops, and resolves to nothing.
/// </summary>
public sealed class AliasEntityActor : UntypedPersistentActor
{
    private readonly TimeProvider _clock;
    private AliasState? _state;
    private IActorRef? _awaitingPersist;
    private RecoveryWaiters _waitingForRecovery;
    private JournalRowRejected? _rejected;

    public AliasEntityActor(string aliasName, TimeProvider clock)
    {
        AliasName = aliasName;
        PersistenceId = PersistenceIdFor(aliasName);
        _clock = clock;
    }

    public string AliasName { get; }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string aliasName) => "alias-" + aliasName;

    public static Props Props(string aliasName, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new AliasEntityActor(aliasName, clock));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case JournalRowRejected rejected:
                _rejected ??= rejected;
                break;
            case IAliasEvent when _rejected is not null:
                break;
            case IAliasEvent e:
                _state = _state.Apply(e);
                break;
            case RecoveryCompleted when _rejected is not null:
                _waitingForRecovery.Clear();
                RefuseHistory(_rejected);
                break;
            case RecoveryCompleted:
                _waitingForRecovery.Clear();
                break;
        }
    }

    protected override void OnCommand(object message) => Ready(message);

    /// <summary>Notes who waits while the alias recovers, to answer them if it fails (<see cref="RecoveryWaiters"/>).</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (IsRecovering && message is IAliasCommand) _waitingForRecovery.Add(Sender);
        return base.AroundReceive(receive, message);
    }

    /// <summary>The alias could not be read: its callers are answered now, and sharding starts it afresh on the next request.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _waitingForRecovery.FailAll();
        base.OnRecoveryFailure(reason, message);
    }

    private void Ready(object message)
    {
        switch (message)
        {
            case IAliasCommand command:
                Handle(command);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Handle(IAliasCommand command)
    {
        var (events, error) = _state.Decide(command, _clock.GetUtcNow());
        if (error is not null)
        {
            Sender.Tell(new KeyReplies.Failed(error));
            if (_state is null) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
        else if (events.Count == 0)
        {
            Sender.Tell(Answer(command));
        }
        else
        {
            PersistThenReply(command, events, Sender);
        }
    }

    private void PersistThenReply(IAliasCommand command, IReadOnlyList<IAliasEvent> events, IActorRef replyTo)
    {
        _awaitingPersist = replyTo;
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            ApplyPersisted(e);
            if (--remaining > 0) return;
            _awaitingPersist = null;
            replyTo.Tell(Answer(command));
        });
    }

    private void ApplyPersisted(IAliasEvent e)
    {
        _state = _state.Apply(e);
        Context.System.EventStream.Publish(new AliasChanged(e.AliasName, _state, LastSequenceNr));
    }

    private IAliasReply Answer(IAliasCommand command) =>
        _state is null ? new AliasReplies.Deleted(command.AliasName) : new AliasReplies.Alias(_state);

    /// <summary>
    /// A row of the alias's history failed its journal MAC: the alias uses none of it. Every command fails as an
    /// internal error until the alias stops, and the next start reads the journal again.
    /// </summary>
    private void RefuseHistory(JournalRowRejected rejected)
    {
        _state = null;
        Log.Error("Alias {0} is not used: its {1} at sequence number {2} fails the journal integrity check ({3}).",
            AliasName, rejected.Kind, rejected.SequenceNr, rejected.Reason);
        Become(next => Unusable(next, new KmsError(KmsErrorCode.Internal, "The alias's stored history fails its integrity check; the alias is not used.")));
        Self.Tell(StopNow.Instance);
    }

    private void Unusable(object message, KmsError error)
    {
        switch (message)
        {
            case StopNow:
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
                break;
            case IAliasCommand:
                Sender.Tell(new KeyReplies.Failed(error));
                break;
            default:
                Unhandled(message);
                break;
        }
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
    }

    private void FailPending()
    {
        _awaitingPersist?.Tell(new KeyReplies.Failed(KmsError.Unavailable("The change could not be written to the key store; nothing was changed.")));
        _awaitingPersist = null;
    }

    private sealed class StopNow : INoSerializationVerificationNeeded
    {
        public static readonly StopNow Instance = new();
    }
}
