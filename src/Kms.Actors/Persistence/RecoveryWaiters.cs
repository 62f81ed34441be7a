using Akka.Actor;

namespace Kms.Actors.Persistence;

/// <summary>
/// Who sent a persistent entity commands while it recovered. Akka stashes those commands inside the recovery
/// and drops them if it fails, so the entity answers them itself instead of leaving its callers to time out.
/// Usually one sender: the command that woke the entity.
/// </summary>
internal struct RecoveryWaiters
{
    private IActorRef? _first;
    private List<IActorRef>? _more;

    public void Add(IActorRef sender)
    {
        if (sender.IsNobody()) return;
        if (_first is null) _first = sender;
        else (_more ??= []).Add(sender);
    }

    /// <summary>Answers every waiting sender that the entity could not be read (retryable) and forgets them.</summary>
    public void FailAll()
    {
        var failed = new KeyReplies.Failed(KmsError.Unavailable("The key store could not read this key or alias: its database does not answer. Try again later."));
        _first?.Tell(failed);
        foreach (var waiting in _more ?? []) waiting.Tell(failed);
        Clear();
    }

    public void Clear()
    {
        _first = null;
        _more = null;
    }
}
