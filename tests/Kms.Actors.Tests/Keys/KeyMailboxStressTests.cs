using Akka.Actor;
using Kms.Actors.Keys;

namespace Kms.Actors.Tests.Keys;

/// <summary>
/// <see cref="KeyMailbox"/> driven by Akka itself: many senders, and an actor that stashes and unstashes as a
/// key actor does while it waits for its journal. The mailbox implements Akka's internal message-queue
/// contracts, so these tests are what an Akka upgrade that changes them fails first.
/// </summary>
public class KeyMailboxStressTests() : Akka.TestKit.Xunit2.TestKit(KmsTestConfig.Value)
{
    private sealed record Hold;

    private sealed record Release;

    private sealed record Report;

    /// <summary>Records every (sender, number) it handles; between Hold and Release it stashes them instead.</summary>
    private sealed class Recorder : UntypedActor, IWithUnboundedStash
    {
        private readonly List<(int Sender, int N)> _handled = [];
        private bool _holding;

        public IStash Stash { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Hold:
                    _holding = true;
                    break;
                case Release:
                    _holding = false;
                    Stash.UnstashAll();
                    break;
                case Report:
                    Sender.Tell(_handled.ToList());
                    break;
                case ValueTuple<int, int> when _holding:
                    Stash.Stash();
                    break;
                case ValueTuple<int, int> numbered:
                    _handled.Add(numbered);
                    break;
            }
        }
    }

    [Fact]
    public void Concurrent_senders_through_stash_and_unstash_lose_nothing_and_keep_their_own_order()
    {
        const int senders = 4, perSender = 10_000;
        var recorder = Sys.ActorOf(Props.Create(() => new Recorder()).WithMailbox(KeyMailbox.Id));
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            for (var n = 0; n < perSender; n++) recorder.Tell((s, n));
        })).ToList();
        threads.ForEach(t => t.Start());
        for (var i = 0; i < 200; i++) recorder.Tell(i % 2 == 0 ? new Hold() : new Release());
        threads.ForEach(t => t.Join());
        recorder.Tell(new Release());
        recorder.Tell(new Report());

        var handled = ExpectMsg<List<(int Sender, int N)>>(TimeSpan.FromSeconds(30));
        Assert.Equal(senders * perSender, handled.Count);
        for (var s = 0; s < senders; s++)
            Assert.Equal(Enumerable.Range(0, perSender), handled.Where(h => h.Sender == s).Select(h => h.N));
    }
}
