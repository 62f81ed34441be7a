using Akka.Actor;

namespace Kms.Actors.Tests;

public class ReplyPromiseTests() : Akka.TestKit.Xunit2.TestKit(KmsTestConfig.Value)
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }

    private IActorRefProvider Provider => ((ExtendedActorSystem)Sys).Provider;

    [Fact]
    public async Task An_actor_that_answers_its_sender_completes_the_task()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        using var reply = new ReplyPromise<string>(echo);
        echo.Tell("hello", reply);
        Assert.Equal("hello", await reply.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_failure_fails_the_task_with_its_cause_and_any_other_message_with_a_typed_error()
    {
        var probe = CreateTestProbe();
        using var failed = new ReplyPromise<string>(probe);
        failed.Tell(new Status.Failure(new ArgumentException("no such key")));
        Assert.Equal("no such key", (await Assert.ThrowsAsync<ArgumentException>(() => failed.Task)).Message);

        using var wrong = new ReplyPromise<string>(probe);
        wrong.Tell(42);
        Assert.Contains("Int32", (await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.Task)).Message);
    }

    [Fact]
    public async Task Only_the_first_reply_counts()
    {
        using var reply = new ReplyPromise<string>(CreateTestProbe());
        reply.Tell("first");
        reply.Tell("second");
        reply.Tell(new Status.Failure(new InvalidOperationException()));
        Assert.Equal("first", await reply.Task);
    }

    [Fact]
    public async Task Without_a_reply_the_wait_times_out()
    {
        using var reply = new ReplyPromise<string>(CreateTestProbe());
        await Assert.ThrowsAsync<TimeoutException>(() => reply.Task.WaitAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Its_path_resolves_to_it_from_the_first_read_until_it_is_disposed()
    {
        var reply = new ReplyPromise<string>(CreateTestProbe());
        var path = reply.Path;
        Assert.Same(path, reply.Path);
        Assert.Equal("temp", path.Parent.Name);
        Assert.Same(reply, Provider.ResolveActorRef(path));

        reply.Dispose();
        Assert.NotSame(reply, Provider.ResolveActorRef(path));
        reply.Dispose();
    }

    [Fact]
    public void A_path_first_read_after_dispose_is_never_registered()
    {
        var reply = new ReplyPromise<string>(CreateTestProbe());
        reply.Dispose();
        Assert.NotSame(reply, Provider.ResolveActorRef(reply.Path));
    }

    [Fact]
    public void It_needs_a_target_inside_an_actor_system()
    {
        Assert.Throws<ArgumentException>(() => new ReplyPromise<string>(new FakeRef()));
        Assert.Throws<ArgumentNullException>(() => new ReplyPromise<string>(null!));
    }

    /// <summary>An actor reference from outside any actor system.</summary>
    private sealed class FakeRef : ActorRefBase
    {
        public override ActorPath Path => new RootActorPath(Address.AllSystems) / "fake";

        protected override void TellInternal(object message, IActorRef sender)
        {
        }
    }
}
