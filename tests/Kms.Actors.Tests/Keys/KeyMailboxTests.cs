using System.Security.Cryptography;
using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Tests.Keys;

public class KeyMailboxTests() : Akka.TestKit.Xunit2.TestKit(KmsTestConfig.Value)
{
    private static Envelope Message(int n) => new(n, ActorRefs.NoSender);

    private static List<object> Drain(IMessageQueue queue)
    {
        var taken = new List<object>();
        while (queue.TryDequeue(out var envelope)) taken.Add(envelope.Message);
        return taken;
    }

    [Fact]
    public void Messages_leave_in_the_order_they_came_across_growth_and_wrap_around()
    {
        var queue = new KeyMessageQueue();
        Assert.False(queue.HasMessages);
        var expected = new List<object>();
        var next = 0;
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < round % 7 + 1; i++)
            {
                queue.Enqueue(ActorRefs.Nobody, Message(next));
                expected.Add(next++);
            }
            Assert.True(queue.TryDequeue(out var envelope));
            Assert.Equal(expected[0], envelope.Message);
            expected.RemoveAt(0);
            Assert.Equal(expected.Count, queue.Count);
        }
        Assert.Equal(expected, Drain(queue));
        Assert.False(queue.HasMessages);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void Messages_put_back_in_front_leave_first_in_the_order_they_were_put_back()
    {
        var queue = new KeyMessageQueue();
        queue.EnqueueFirst(Message(10));
        for (var i = 0; i < 5; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal(10, first.Message);
        // Unstashing puts the stash back in front, last stashed first: it comes out in its original order.
        queue.EnqueueFirst(Message(-1));
        queue.EnqueueFirst(Message(-2));
        Assert.Equal([-2, -1, 0, 1, 2, 3, 4], Drain(queue).Cast<int>());
    }

    [Fact]
    public void A_burst_is_kept_whole_and_the_queue_goes_on_after_it()
    {
        var queue = new KeyMessageQueue();
        for (var i = 0; i < 1000; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
        Assert.Equal(1000, queue.Count);
        Assert.Equal(Enumerable.Range(0, 1000), Drain(queue).Cast<int>());
        queue.Enqueue(ActorRefs.Nobody, Message(7));
        Assert.Equal([7], Drain(queue));
    }

    [Fact]
    public void Concurrent_senders_lose_nothing_and_keep_their_own_order()
    {
        const int senders = 4, perSender = 20_000;
        var queue = new KeyMessageQueue();
        var received = new List<(int Sender, int N)>();
        using var done = new CountdownEvent(senders);
        for (var s = 0; s < senders; s++)
        {
            var sender = s;
            new Thread(() =>
            {
                for (var n = 0; n < perSender; n++) queue.Enqueue(ActorRefs.Nobody, new Envelope((sender, n), ActorRefs.NoSender));
                done.Signal();
            }).Start();
        }
        while (!done.IsSet || queue.HasMessages)
            if (queue.TryDequeue(out var envelope)) received.Add(((int, int))envelope.Message);
        Assert.Equal(senders * perSender, received.Count);
        for (var s = 0; s < senders; s++)
            Assert.Equal(Enumerable.Range(0, perSender), received.Where(r => r.Sender == s).Select(r => r.N));
    }

    [Fact]
    public void Clean_up_hands_what_is_left_to_dead_letters_in_order()
    {
        var queue = new KeyMessageQueue();
        var deadLetters = new KeyMessageQueue();
        for (var i = 0; i < 3; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
        queue.CleanUp(ActorRefs.Nobody, deadLetters);
        Assert.False(queue.HasMessages);
        Assert.Equal([0, 1, 2], Drain(deadLetters));
    }

    [Fact]
    public void Key_actors_run_on_the_key_mailbox()
    {
        var masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))));
        var keyId = KeyIds.New();
        var actor = Sys.ActorOf(KeyEntityActor.Props(keyId, masterKey, TimeProvider.System, TimeSpan.FromSeconds(5)));
        actor.Tell(new KeyCommands.CreateKey(keyId, "mailbox"));
        ExpectMsg<KeyReplies.Metadata>(TimeSpan.FromSeconds(5));
        var cell = Assert.IsType<ActorCell>(((ActorRefWithCell)actor).Underlying);
        Assert.IsType<KeyMessageQueue>(cell.Mailbox?.MessageQueue);
    }
}
