using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Kms.Actors.Keys;

/// <summary>
/// The mailbox of key actors (<see cref="KeyMessageQueue"/>). Akka's default for a persistent actor gives
/// every actor a 32-slot concurrent queue segment and a stack for stashed messages, about 1.1 KB that a
/// woken key keeps until it passivates and that every garbage collection in between copies. A key sees
/// a few messages at a time, so a small locked buffer does (docs/benchmarks.md, round five).
/// </summary>
public sealed class KeyMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<KeyMessageQueue>
{
    public const string Id = "kms.key-mailbox";

    /// <summary>The configuration that <see cref="Props.WithMailbox"/> of <see cref="Id"/> needs.</summary>
    public static string Hocon => $"{Id}.mailbox-type = \"{typeof(KeyMailbox).FullName}, {typeof(KeyMailbox).Assembly.GetName().Name}\"";

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new KeyMessageQueue();
}

/// <summary>
/// An unbounded double-ended message queue: a ring buffer behind one lock, empty until the first message,
/// given back when it empties after a burst. Any thread enqueues; the actor's own run dequeues and puts
/// stashed messages back in front (<see cref="EnqueueFirst"/>).
/// </summary>
public sealed class KeyMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private const int InitialCapacity = 4;
    private const int KeptCapacity = 64;

    private readonly Lock _lock = new();
    private Envelope[] _items = [];
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_lock)
        {
            EnsureRoom();
            _items[(_head + _count) % _items.Length] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public void EnqueueFirst(Envelope envelope)
    {
        lock (_lock)
        {
            EnsureRoom();
            _head = (_head + _items.Length - 1) % _items.Length;
            _items[_head] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = _items[_head];
            _items[_head] = default;
            _head = (_head + 1) % _items.Length;
            Volatile.Write(ref _count, _count - 1);
            if (_count == 0 && _items.Length > KeptCapacity)
            {
                _items = [];
                _head = 0;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    private void EnsureRoom()
    {
        if (_count < _items.Length) return;
        var grown = new Envelope[Math.Max(InitialCapacity, _items.Length * 2)];
        for (var i = 0; i < _count; i++) grown[i] = _items[(_head + i) % _items.Length];
        _items = grown;
        _head = 0;
    }
}
