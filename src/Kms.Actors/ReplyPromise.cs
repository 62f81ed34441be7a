using Akka.Actor;

namespace Kms.Actors;

/// <summary>
/// The reply address of one request to an entity, and the task its answer completes: what Akka's Ask makes
/// for every request, in fewer pieces. Ask gives each request a temporary actor with its own path, registers
/// it in the provider's temporary container, and tracks its timeout and cancellation with a cancellation
/// source, two registrations and a continuation: about 1.2 KB and a dictionary update per hot request
/// (docs/decisions/0003-reply-promise.md). This address makes its path only when something asks for it, which
/// is when a message carrying it is serialized for another node. Only then does it register itself, so that
/// a reply from that node can find it. A reply from a local entity never needs the path. The caller waits with
/// <see cref="Task{TResult}.WaitAsync(TimeSpan, CancellationToken)"/> and disposes the promise when done, which
/// unregisters it if it was registered.
/// </summary>
/// <typeparam name="TReply">The replies that complete the task; any other message fails it.</typeparam>
public sealed class ReplyPromise<TReply> : MinimalActorRef, IDisposable
    where TReply : class
{
    private readonly IActorRefProvider _provider;
    private readonly TaskCompletionSource<TReply> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private ActorPath? _path;
    private bool _registered;
    private bool _disposed;

    /// <summary>A reply address in the actor system of <paramref name="target"/>, the actor it is for.</summary>
    public ReplyPromise(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _provider = target is IInternalActorRef local
            ? local.Provider
            : throw new ArgumentException($"A reply address needs a target inside this actor system, not a {target.GetType().Name}.", nameof(target));
    }

    /// <summary>Completed by the first reply of type <typeparamref name="TReply"/>; never completes if none comes.</summary>
    public Task<TReply> Task => _reply.Task;

    public override IActorRefProvider Provider => _provider;

    /// <summary>Made, and registered for replies from other nodes, the first time it is asked for.</summary>
    public override ActorPath Path
    {
        get
        {
            lock (_gate)
            {
                if (_path is null)
                {
                    _path = _provider.TempPath();
                    if (!_disposed)
                    {
                        _provider.RegisterTempActor(this, _path);
                        _registered = true;
                    }
                }
                return _path;
            }
        }
    }

    /// <summary>Unregisters the address if it was registered; replies that come later are dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_registered) _provider.UnregisterTempActor(_path!);
        }
    }

    protected override void TellInternal(object message, IActorRef sender)
    {
        switch (message)
        {
            case TReply reply:
                _reply.TrySetResult(reply);
                break;
            case Status.Failure failure:
                _reply.TrySetException(failure.Cause ?? new InvalidOperationException("The entity answered with a failure."));
                break;
            default:
                _reply.TrySetException(new InvalidOperationException(
                    $"Expected a {typeof(TReply).Name} reply, got {(message is null ? "null" : "a " + message.GetType().Name)}."));
                break;
        }
    }
}
