using System.Security.Cryptography;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.TestKit;
using Kms.Actors.Persistence;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Actors.Tests.Keys;

public class KeyEntityActorJournalFailureTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly IActorRef _masterKey;

    // The snapshot store's circuit breaker would open after five failures and stay open for a minute; the
    // shredding test fails more often than that on purpose.
    public KeyEntityActorJournalFailureTests() : base(ConfigurationFactory.ParseString("akka.persistence.snapshot-store.test.circuit-breaker.max-failures = 1000")
        .WithFallback(KmsTestConfig.Value))
    {
        _masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))), "master-key");
    }

    private IActorRef KeyActor(string keyId) =>
        Sys.ActorOf(KeyEntityActor.Props(keyId, _masterKey, TimeProvider.System, Wait));

    private void CreateKey(IActorRef actor, string keyId)
    {
        actor.Tell(new KeyCommands.CreateKey(keyId, "test"));
        ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    [Fact]
    public async Task A_destroyed_key_whose_history_could_not_be_deleted_tries_again_until_it_is_deleted()
    {
        var keyId = KeyIds.New();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var actor = Sys.ActorOf(KeyEntityActor.Props(keyId, _masterKey, clock, Wait, shredRetry: TimeSpan.FromMilliseconds(200)));
        CreateKey(actor, keyId);
        actor.Tell(new KeyCommands.ScheduleKeyDeletion(keyId, 7));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        var shredded = CreateTestProbe();
        Sys.EventStream.Subscribe(shredded, typeof(KeyShredded));
        var snapshots = TestSnapshotStore.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null));
        await snapshots.OnDelete.Fail();

        clock.Advance(TimeSpan.FromDays(8));
        actor.Tell(new KeyCommands.RunDueTasks(keyId));
        Assert.Equal(KeyStatus.Destroyed, ExpectMsg<KeyReplies.Metadata>(Wait).Key.KeyState);
        shredded.ExpectNoMsg(TimeSpan.FromSeconds(1)); // several attempts, every one refused

        await snapshots.OnDelete.Pass();
        Assert.Equal(keyId, shredded.ExpectMsg<KeyShredded>(Wait).KeyId);
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);
        KeyActor(keyId).Tell(new KeyCommands.DescribeKey(keyId));
        Assert.Equal(KmsErrorCode.NotFound, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }

    [Fact]
    public async Task A_key_that_cannot_be_read_answers_at_once_and_is_read_again_on_the_next_start()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);
        var snapshots = TestSnapshotStore.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null));

        await snapshots.OnLoad.Fail();
        // The answers go to their own probe: the Terminated that follows them is a system message and may overtake them.
        // The probe is made first and the actor watched after, so that the commands follow the actor's start at once,
        // before its recovery fails.
        var asker = CreateTestProbe();
        var recovering = KeyActor(keyId);
        recovering.Tell(new KeyCommands.Encrypt(keyId, [1], null), asker.Ref);
        recovering.Tell(new KeyCommands.DescribeKey(keyId), asker.Ref);
        Watch(recovering);
        // Before, the commands died with the actor in its recovery stash and their callers waited for a timeout.
        Assert.Equal(KmsErrorCode.KeyUnavailable, asker.ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        Assert.Equal(KmsErrorCode.KeyUnavailable, asker.ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        ExpectTerminated(recovering, Wait);
        await snapshots.OnLoad.Pass();

        KeyActor(keyId).Tell(new KeyCommands.Encrypt(keyId, [1], null));
        ExpectMsg<KeyReplies.Encrypted>(Wait);
    }

    [Fact]
    public async Task A_failed_journal_write_fails_the_request_and_changes_nothing()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        var journal = TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

        await journal.OnWrite.Fail();
        Watch(actor);
        var asker = CreateTestProbe();
        actor.Tell(new KeyCommands.DisableKey(keyId), asker.Ref);
        Assert.Equal(KmsErrorCode.KeyUnavailable, asker.ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        ExpectTerminated(actor, Wait);
        await journal.OnWrite.Pass();

        actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.DescribeKey(keyId));
        Assert.True(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
    }

    [Fact]
    public async Task A_failed_journal_write_on_create_leaves_no_key()
    {
        var keyId = KeyIds.New();
        var journal = TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));
        var actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.DescribeKey(keyId));
        ExpectMsg<KeyReplies.Failed>(Wait);

        await journal.OnWrite.Fail();
        actor.Tell(new KeyCommands.CreateKey(keyId, "x"));
        Assert.Equal(KmsErrorCode.KeyUnavailable, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        await journal.OnWrite.Pass();

        KeyActor(keyId).Tell(new KeyCommands.DescribeKey(keyId));
        Assert.Equal(KmsErrorCode.NotFound, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }

    [Fact]
    public async Task A_rejected_journal_write_fails_the_request_and_the_key_keeps_working()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        var journal = TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

        await journal.OnWrite.Reject();
        actor.Tell(new KeyCommands.DisableKey(keyId));
        Assert.Equal(KmsErrorCode.KeyUnavailable, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        await journal.OnWrite.Pass();

        actor.Tell(new KeyCommands.DescribeKey(keyId));
        Assert.True(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
        actor.Tell(new KeyCommands.Encrypt(keyId, [1], null));
        ExpectMsg<KeyReplies.Encrypted>(Wait);
    }
}
