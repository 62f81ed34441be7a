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
