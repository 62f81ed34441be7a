using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Kms.Actors.Keys;

/// <summary>
/// An unbounded double-ended message queue: a lock-free linked queue for senders on any thread (one
/// exchange per message; an idle queue is one empty node) and, for messages the actor puts back in front
/// when it unstashes (<see cref="EnqueueFirst"/>), a stack that only the actor's own run touches. A first
/// version, a ring buffer behind a lock, measured dearer per hot request in most A/B runs.
/// </summary>
public sealed class KeyMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private Node _last;
    private Node _first;
    private Stack<Envelope>? _putBack;
    private int _count;

    public KeyMessageQueue() => _last = _first = new Node(default);

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var node = new Node(envelope);
        Interlocked.Increment(ref _count);
        var previous = Interlocked.Exchange(ref _last, node);
        Volatile.Write(ref previous.Next, node);
    }

    /// <summary>Only from the actor's own run (unstashing), like <see cref="TryDequeue"/>.</summary>
    public void EnqueueFirst(Envelope envelope)
    {
        (_putBack ??= new Stack<Envelope>()).Push(envelope);
        Interlocked.Increment(ref _count);
    }

    /// <summary>
    /// Only from the actor's own run. A sender that has swapped in its node but not yet linked it is not
    /// seen yet; the count still shows it, so the mailbox runs again.
    /// </summary>
    public bool TryDequeue(out Envelope envelope)
    {
        if (_putBack is { Count: > 0 })
        {
            envelope = _putBack.Pop();
            Interlocked.Decrement(ref _count);
            return true;
        }
        var next = Volatile.Read(ref _first.Next);
        if (next is null)
        {
            envelope = default;
            return false;
        }
        envelope = next.Envelope;
        next.Envelope = default;
        _first = next;
        Interlocked.Decrement(ref _count);
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    private sealed class Node(Envelope envelope)
    {
        public Envelope Envelope = envelope;
        public Node? Next;
    }
}
