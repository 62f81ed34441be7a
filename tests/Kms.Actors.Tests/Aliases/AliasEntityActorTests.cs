using Akka.Actor;
using Akka.Persistence.TestKit;
using Kms.Actors.Aliases;
using Kms.Actors.Keys;

namespace Kms.Actors.Tests.Aliases;

public class AliasEntityActorTests() : Akka.TestKit.Xunit2.TestKit(KmsTestConfig.Serialized.WithFallback(KmsTestConfig.Value))
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private const string Key1 = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string Key2 = "11111111-2222-4333-8444-555555555555";

    private IActorRef Alias(string name) => Sys.ActorOf(AliasEntityActor.Props(name, TimeProvider.System));

    [Fact]
    public void An_alias_is_created_resolved_updated_and_deleted_and_survives_a_restart()
    {
        var actor = Alias("alias/app");
        actor.Tell(new AliasCommands.CreateAlias("alias/app", Key1));
        Assert.Equal(Key1, ExpectMsg<AliasReplies.Alias>(Wait).State.TargetKeyId);
        actor.Tell(new AliasCommands.UpdateAlias("alias/app", Key2));
        ExpectMsg<AliasReplies.Alias>(Wait);

        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);
        actor = Alias("alias/app");

        actor.Tell(new AliasCommands.ResolveAlias("alias/app"));
        Assert.Equal(Key2, ExpectMsg<AliasReplies.Alias>(Wait).State.TargetKeyId);
        actor.Tell(new AliasCommands.DeleteAlias("alias/app"));
        ExpectMsg<AliasReplies.Deleted>(Wait);
        actor.Tell(new AliasCommands.ResolveAlias("alias/app"));
        Assert.Equal(KmsErrorCode.NotFound, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }

    [Fact]
    public async Task An_alias_that_cannot_be_read_answers_at_once_and_is_read_again_on_the_next_start()
    {
        var actor = Alias("alias/unreadable");
        actor.Tell(new AliasCommands.CreateAlias("alias/unreadable", Key1));
        ExpectMsg<AliasReplies.Alias>(Wait);
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);
        var snapshots = TestSnapshotStore.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null));

        await snapshots.OnLoad.Fail();
        // The answer goes to its own probe: the Terminated that follows it is a system message and may overtake it.
        // The probe is made first and the actor watched after, so that the command follows the actor's start at once,
        // before its recovery fails.
        var asker = CreateTestProbe();
        var recovering = Alias("alias/unreadable");
        recovering.Tell(new AliasCommands.ResolveAlias("alias/unreadable"), asker.Ref);
        Watch(recovering);
        Assert.Equal(KmsErrorCode.KeyUnavailable, asker.ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        ExpectTerminated(recovering, Wait);
        await snapshots.OnLoad.Pass();

        Alias("alias/unreadable").Tell(new AliasCommands.ResolveAlias("alias/unreadable"));
        Assert.Equal(Key1, ExpectMsg<AliasReplies.Alias>(Wait).State.TargetKeyId);
    }

    [Fact]
    public void Of_two_creates_racing_for_one_name_exactly_one_wins()
    {
        var actor = Alias("alias/race");
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        actor.Tell(new AliasCommands.CreateAlias("alias/race", Key1), first);
        actor.Tell(new AliasCommands.CreateAlias("alias/race", Key2), second);
        var replies = new object[] { first.ExpectMsg<object>(Wait), second.ExpectMsg<object>(Wait) };
        Assert.Single(replies.OfType<AliasReplies.Alias>());
        Assert.Equal(KmsErrorCode.AlreadyExists, Assert.Single(replies.OfType<KeyReplies.Failed>()).Error.Code);
    }
}
