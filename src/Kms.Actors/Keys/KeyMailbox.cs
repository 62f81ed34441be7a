using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Kms.Actors.Keys;

/// <summary>
/// The mailbox of key actors (<see cref="KeyMessageQueue"/>). Akka's default for a persistent actor gives
/// every actor a 32-slot concurrent queue segment and a stack for stashed messages, about 1.1 KB that a
/// woken key keeps until it passivates and that every garbage collection in between copies. A key sees
/// a few messages at a time, so a linked queue does (docs/decisions/0004-key-mailbox.md).
/// </summary>
public sealed class KeyMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<KeyMessageQueue>
{
    public const string Id = "kms.key-mailbox";

    /// <summary>The configuration that <see cref="Props.WithMailbox"/> of <see cref="Id"/> needs.</summary>
    public static string Hocon => $"{Id}.mailbox-type = \"{typeof(KeyMailbox).AssemblyQualifiedNameWithoutVersion()}\"";

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new KeyMessageQueue();
}

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
