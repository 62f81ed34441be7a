using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;

namespace Kms.Actors.Tests;

/// <summary>
/// <see cref="ReplyPromise{TReply}"/> under load, and across two actor systems over remoting. It uses Akka's
/// internal temporary-actor registry, so these tests are what an Akka upgrade that changes it fails first.
/// </summary>
public class ReplyPromiseStressTests() : Akka.TestKit.Xunit2.TestKit(KmsTestConfig.Value)
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }

    private IActorRefProvider Provider => ((ExtendedActorSystem)Sys).Provider;

    [Fact]
    public async Task Many_concurrent_promises_each_get_their_own_reply_and_none_stays_registered()
    {
        var echoes = Enumerable.Range(0, 4).Select(_ => Sys.ActorOf(Props.Create(() => new Echo()))).ToArray();
        var paths = new ConcurrentBag<(ActorPath Path, object Promise)>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                var message = $"{worker}-{i}";
                var echo = echoes[i % echoes.Length];
                using var reply = new ReplyPromise<string>(echo);
                // Every other promise is registered, as one whose message crosses to another node is.
                if (i % 2 == 0) paths.Add((reply.Path, reply));
                echo.Tell(message, reply);
                Assert.Equal(message, await reply.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            }
        })));
        Assert.Equal(4_000, paths.Count);
        Assert.All(paths, entry => Assert.NotSame(entry.Promise, Provider.ResolveActorRef(entry.Path)));
    }

    [Fact]
    public async Task A_path_read_racing_with_dispose_never_leaves_the_promise_registered()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var reply = new ReplyPromise<string>(TestActor);
            using var start = new Barrier(2);
            var read = Task.Run(() => { start.SignalAndWait(); return reply.Path; });
            var dispose = Task.Run(() => { start.SignalAndWait(); reply.Dispose(); });
            await Task.WhenAll(read, dispose);
            Assert.NotSame(reply, Provider.ResolveActorRef(await read));
        }
    }

    [Fact]
    public async Task Replies_from_another_actor_system_over_remoting_complete_their_promises()
    {
        var remoting = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            """);
        using var here = ActorSystem.Create("here", remoting);
        using var there = ActorSystem.Create("there", remoting);
        try
        {
            there.ActorOf(Props.Create(() => new Echo()), "echo");
            var address = ((ExtendedActorSystem)there).Provider.DefaultAddress;
            var echo = await here.ActorSelection(new RootActorPath(address) / "user" / "echo").ResolveOne(TimeSpan.FromSeconds(10));
            var hereProvider = ((ExtendedActorSystem)here).Provider;

            var replies = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
            {
                using var reply = new ReplyPromise<string>(echo);
                echo.Tell($"message {i}", reply);
                var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(20));
                return (answer, reply.Path, (object)reply);
            }));

            Assert.Equal(Enumerable.Range(0, 500).Select(i => $"message {i}"), replies.Select(r => r.answer));
            Assert.All(replies, r => Assert.NotSame(r.Item3, hereProvider.ResolveActorRef(r.Path)));
        }
        finally
        {
            await Task.WhenAll(here.Terminate(), there.Terminate());
        }
    }
}
