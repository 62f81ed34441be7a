using System.Security.Cryptography;
using Akka.Actor;
using Akka.Persistence;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Actors.Tests.Keys;

/// <summary>Rotation and deletion in the key actor, with a controlled clock instead of sleeps.</summary>
public class KeyLifecycleActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly IActorRef _masterKey;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public KeyLifecycleActorTests() : base(KmsTestConfig.Value)
    {
        _masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))), "master-key");
    }

    private IActorRef KeyActor(string keyId) => Sys.ActorOf(KeyEntityActor.Props(keyId, _masterKey, _clock, Wait));

    private T Ask<T>(IActorRef actor, IKeyCommand command)
    {
        actor.Tell(command);
        return ExpectMsg<T>(Wait);
    }

    private IActorRef Restart(IActorRef actor, string keyId)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);
        return KeyActor(keyId);
    }

    private static int VersionOf(byte[] blob)
    {
        Assert.True(CiphertextFormat.TryParse(blob, out var parsed, out _));
        return parsed.KeyVersion;
    }

    [Fact]
    public void After_rotation_new_encryptions_use_the_new_version_and_old_ciphertexts_still_decrypt_across_a_restart()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.CreateKey(keyId, ""));
        var before = Ask<KeyReplies.Encrypted>(actor, new KeyCommands.Encrypt(keyId, [1], null)).CiphertextBlob;

        Ask<KeyReplies.Metadata>(actor, new KeyCommands.RotateKeyOnDemand(keyId));
        var after = Ask<KeyReplies.Encrypted>(actor, new KeyCommands.Encrypt(keyId, [2], null)).CiphertextBlob;
        Assert.Equal(1, VersionOf(before));
        Assert.Equal(2, VersionOf(after));

        actor = Restart(actor, keyId);
        Assert.Equal(new byte[] { 1 }, Ask<KeyReplies.Decrypted>(actor, new KeyCommands.Decrypt(keyId, before, null)).Plaintext);
        Assert.Equal(new byte[] { 2 }, Ask<KeyReplies.Decrypted>(actor, new KeyCommands.Decrypt(keyId, after, null)).Plaintext);
        Assert.Equal(2, VersionOf(Ask<KeyReplies.Encrypted>(actor, new KeyCommands.Encrypt(keyId, [3], null)).CiphertextBlob));
        var rotations = Ask<KeyReplies.Rotations>(actor, new KeyCommands.ListKeyRotations(keyId));
        Assert.Equal(RotationType.OnDemand, Assert.Single(rotations.Items).RotationType);
    }

    [Fact]
    public void Automatic_rotation_happens_once_when_due_even_if_woken_twice_and_after_a_restart_mid_period()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.CreateKey(keyId, ""));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.EnableKeyRotation(keyId, 90));

        _clock.Advance(TimeSpan.FromDays(45));
        actor = Restart(actor, keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId));
        Assert.Empty(Ask<KeyReplies.Rotations>(actor, new KeyCommands.ListKeyRotations(keyId)).Items);

        _clock.Advance(TimeSpan.FromDays(46));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId));
        var rotation = Assert.Single(Ask<KeyReplies.Rotations>(actor, new KeyCommands.ListKeyRotations(keyId)).Items);
        Assert.Equal(RotationType.Automatic, rotation.RotationType);
        Assert.Equal(_clock.GetUtcNow(), rotation.RotationDate);
        var status = Ask<KeyReplies.RotationStatus>(actor, new KeyCommands.GetKeyRotationStatus(keyId));
        Assert.Equal(_clock.GetUtcNow().AddDays(90), status.NextRotationDate);
    }

    [Fact]
    public void A_key_is_destroyed_when_its_window_ends_and_stays_destroyed_after_a_restart()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.CreateKey(keyId, ""));
        var blob = Ask<KeyReplies.Encrypted>(actor, new KeyCommands.Encrypt(keyId, [1], null)).CiphertextBlob;
        var scheduled = Ask<KeyReplies.Metadata>(actor, new KeyCommands.ScheduleKeyDeletion(keyId, 7)).Key;
        Assert.Equal(KeyStatus.PendingDeletion, scheduled.KeyState);
        Assert.Equal(_clock.GetUtcNow().AddDays(7), scheduled.DeletionDate);

        _clock.Advance(TimeSpan.FromDays(3));
        actor = Restart(actor, keyId);
        Assert.Equal(KeyStatus.PendingDeletion, Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId)).Key.KeyState);

        _clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(KeyStatus.Destroyed, Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId)).Key.KeyState);
        Assert.Equal(KmsErrorCode.NotFound, Ask<KeyReplies.Failed>(actor, new KeyCommands.Decrypt(keyId, blob, null)).Error.Code);

        actor = Restart(actor, keyId);
        Assert.Equal(KmsErrorCode.NotFound, Ask<KeyReplies.Failed>(actor, new KeyCommands.DescribeKey(keyId)).Error.Code);
        Assert.Equal(KmsErrorCode.NotFound, Ask<KeyReplies.Failed>(actor, new KeyCommands.Decrypt(keyId, blob, null)).Error.Code);
    }

    [Fact]
    public void A_destroyed_key_stops_without_saving_a_snapshot()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.CreateKey(keyId, ""));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.ScheduleKeyDeletion(keyId, 7));
        _clock.Advance(TimeSpan.FromDays(8));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId));
        Watch(actor);
        actor.Tell(KeyEntityActor.Stop.Instance);
        ExpectTerminated(actor, Wait);

        var snapshots = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        AwaitAssert(() =>
        {
            snapshots.Tell(new LoadSnapshot(KeyEntityActor.PersistenceIdFor(keyId), SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
            Assert.Null(ExpectMsg<LoadSnapshotResult>(Wait).Snapshot);
        }, Wait);
    }

    [Fact]
    public void Destruction_leaves_no_event_or_snapshot_holding_key_material()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.CreateKey(keyId, ""));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.RotateKeyOnDemand(keyId));
        for (var i = 0; i < KeyEntityActor.SnapshotEvery; i++)
            Ask<KeyReplies.Metadata>(actor, i % 2 == 0 ? new KeyCommands.DisableKey(keyId) : new KeyCommands.EnableKey(keyId));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.ScheduleKeyDeletion(keyId, 7));
        _clock.Advance(TimeSpan.FromDays(8));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId));

        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        var snapshots = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        var persistenceId = KeyEntityActor.PersistenceIdFor(keyId);
        AwaitAssert(() =>
        {
            journal.Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, persistenceId, TestActor));
            var replayed = new List<object>();
            FishForMessage(m =>
            {
                if (m is ReplayedMessage r) replayed.Add(r.Persistent.Payload);
                return m is RecoverySuccess;
            }, Wait);
            Assert.DoesNotContain(replayed, e => e is KeyEvents.KeyCreated or KeyEvents.KeyRotated);
            Assert.Contains(replayed, e => e is KeyEvents.KeyDestroyed);

            snapshots.Tell(new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
            Assert.Null(ExpectMsg<LoadSnapshotResult>(Wait).Snapshot);
        }, Wait);
    }

    [Fact]
    public void Cancelling_a_deletion_keeps_the_key_disabled_and_it_is_never_destroyed()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.CreateKey(keyId, ""));
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.ScheduleKeyDeletion(keyId, 7));
        Assert.Equal(KeyStatus.Disabled, Ask<KeyReplies.Metadata>(actor, new KeyCommands.CancelKeyDeletion(keyId)).Key.KeyState);
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(KeyStatus.Disabled, Ask<KeyReplies.Metadata>(actor, new KeyCommands.RunDueTasks(keyId)).Key.KeyState);
    }

    [Fact]
    public void HMAC_keys_make_and_verify_MACs()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        Ask<KeyReplies.Metadata>(actor, new KeyCommands.CreateKey(keyId, "", KeySpec.Hmac512));
        var mac = Ask<KeyReplies.Mac>(actor, new KeyCommands.GenerateMac(keyId, [1, 2, 3], MacAlgorithm.HmacSha512));
        Assert.Equal(64, mac.Value.Length);
        Ask<KeyReplies.MacVerified>(actor, new KeyCommands.VerifyMac(keyId, [1, 2, 3], mac.Value, MacAlgorithm.HmacSha512));
        Assert.Equal(KmsErrorCode.InvalidMac,
            Ask<KeyReplies.Failed>(actor, new KeyCommands.VerifyMac(keyId, [1, 2, 4], mac.Value, MacAlgorithm.HmacSha512)).Error.Code);

        actor = Restart(actor, keyId);
        Ask<KeyReplies.MacVerified>(actor, new KeyCommands.VerifyMac(keyId, [1, 2, 3], mac.Value, MacAlgorithm.HmacSha512));
    }
}
