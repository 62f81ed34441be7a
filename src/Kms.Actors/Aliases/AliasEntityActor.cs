using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Kms.Actors.Catalog;
using Kms.Actors.Persistence;

namespace Kms.Actors.Aliases;

/// <summary>
/// One alias name. Being the only writer of that name makes aliases unique across the cluster. An alias whose
/// history fails the journal integrity check answers every command with an internal error and resolves to nothing.
/// </summary>
public sealed class AliasEntityActor : ReceivePersistentActor
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
        Recover<JournalRowRejected>(rejected => _rejected ??= rejected);
        Recover<IAliasEvent>(e =>
        {
            if (_rejected is null) _state = _state.Apply(e);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _waitingForRecovery.Clear();
            if (_rejected is not null) RefuseHistory(_rejected);
        });
        Command<IAliasCommand>(Handle);
    }

    public string AliasName { get; }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string aliasName) => "alias-" + aliasName;

    public static Props Props(string aliasName, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new AliasEntityActor(aliasName, clock));

    private void Handle(IAliasCommand command)
    {
        var (events, error) = _state.Decide(command, _clock.GetUtcNow());
        if (error is not null)
        {
            Sender.Tell(new KeyReplies.Failed(error));
            if (_state is null) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            return;
        }
        if (events.Count == 0)
        {
            Sender.Tell(Answer(command));
            return;
        }

        var replyTo = _awaitingPersist = Sender;
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            Context.System.EventStream.Publish(new KeyCatalogProtocol.AliasChanged(e.AliasName, _state, LastSequenceNr));
            if (--remaining > 0) return;
            _awaitingPersist = null;
            replyTo.Tell(Answer(command));
        });
    }

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

    private void RefuseHistory(JournalRowRejected rejected)
    {
        _state = null;
        Log.Error("Alias {0} is not used: its {1} at sequence number {2} fails the journal integrity check ({3}).",
            AliasName, rejected.Kind, rejected.SequenceNr, rejected.Reason);
        var error = new KmsError(KmsErrorCode.Internal, "The alias's stored history fails its integrity check; the alias is not used.");
        Become(() =>
        {
            Command<IAliasCommand>(_ =>
            {
                Sender.Tell(new KeyReplies.Failed(error));
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            });
        });
    }

    private IAliasReply Answer(IAliasCommand command) =>
        _state is null ? new AliasReplies.Deleted(command.AliasName) : new AliasReplies.Alias(_state);

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
}
