using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Akka.TestKit;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Tests.Keys;

public class KeyEntityActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly IActorRef _masterKey;

    public KeyEntityActorTests() : base(KmsTestConfig.Serialized.WithFallback(KmsTestConfig.Value))
    {
        _masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))), "master-key");
    }

    private IActorRef KeyActor(string keyId) =>
        Sys.ActorOf(KeyEntityActor.Props(keyId, _masterKey, TimeProvider.System, Wait));

    private KeyMetadata CreateKey(IActorRef actor, string keyId, string description = "test")
    {
        actor.Tell(new KeyCommands.CreateKey(keyId, description));
        return ExpectMsg<KeyReplies.Metadata>(Wait).Key;
    }

    private void Restart(ref IActorRef actor, string keyId)
    {
        StopWith(actor, PoisonPill.Instance);
        actor = KeyActor(keyId);
    }

    private void StopWith(IActorRef actor, object stopMessage)
    {
        Watch(actor);
        actor.Tell(stopMessage);
        ExpectTerminated(actor, Wait);
    }

    [Fact]
    public void Create_answers_with_the_metadata_of_an_enabled_key()
    {
        var keyId = KeyIds.New();
        var metadata = CreateKey(KeyActor(keyId), keyId, "payments");
        Assert.Equal(keyId, metadata.KeyId);
        Assert.Equal("payments", metadata.Description);
        Assert.True(metadata.Enabled);
    }

    [Fact]
    public void A_retried_create_returns_the_same_key()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        var first = CreateKey(actor, keyId);
        var second = CreateKey(actor, keyId, "retry");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Encrypt_then_decrypt_gives_back_the_plaintext()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        var plaintext = Encoding.UTF8.GetBytes("attack at dawn");
        actor.Tell(new KeyCommands.Encrypt(keyId, plaintext, null));
        var blob = ExpectMsg<KeyReplies.Encrypted>(Wait).CiphertextBlob;
        actor.Tell(new KeyCommands.Decrypt(keyId, blob, null));
        Assert.Equal(plaintext, ExpectMsg<KeyReplies.Decrypted>(Wait).Plaintext);
    }

    [Fact]
    public void A_data_key_decrypts_to_its_plaintext()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        actor.Tell(new KeyCommands.GenerateDataKey(keyId, 32, null));
        var dataKey = ExpectMsg<KeyReplies.DataKey>(Wait);
        Assert.Equal(32, dataKey.Plaintext.Length);
        actor.Tell(new KeyCommands.Decrypt(keyId, dataKey.CiphertextBlob, null));
        Assert.Equal(dataKey.Plaintext, ExpectMsg<KeyReplies.Decrypted>(Wait).Plaintext);
    }

    [Fact]
    public void A_disabled_key_refuses_crypto_until_enabled_again()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        actor.Tell(new KeyCommands.DisableKey(keyId));
        Assert.False(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
        actor.Tell(new KeyCommands.Encrypt(keyId, [1], null));
        Assert.Equal(KmsErrorCode.Disabled, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        actor.Tell(new KeyCommands.EnableKey(keyId));
        Assert.True(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
        actor.Tell(new KeyCommands.Encrypt(keyId, [1], null));
        ExpectMsg<KeyReplies.Encrypted>(Wait);
    }

    [Fact]
    public void A_missing_key_answers_NotFound()
    {
        var keyId = KeyIds.New();
        KeyActor(keyId).Tell(new KeyCommands.Encrypt(keyId, [1], null));
        Assert.Equal(KmsErrorCode.NotFound, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }

    [Fact]
    public void A_tampered_ciphertext_is_InvalidCiphertext()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        actor.Tell(new KeyCommands.Encrypt(keyId, [1, 2, 3], null));
        var blob = ExpectMsg<KeyReplies.Encrypted>(Wait).CiphertextBlob;
        blob[^1] ^= 0x01;
        actor.Tell(new KeyCommands.Decrypt(keyId, blob, null));
        Assert.Equal(KmsErrorCode.InvalidCiphertext, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }

    [Fact]
    public void A_recreated_actor_recovers_its_state_and_decrypts_old_ciphertexts()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        var created = CreateKey(actor, keyId);
        actor.Tell(new KeyCommands.Encrypt(keyId, [9, 9, 9], null));
        var blob = ExpectMsg<KeyReplies.Encrypted>(Wait).CiphertextBlob;
        actor.Tell(new KeyCommands.DisableKey(keyId));
        ExpectMsg<KeyReplies.Metadata>(Wait);

        Restart(ref actor, keyId);

        actor.Tell(new KeyCommands.DescribeKey(keyId));
        var recovered = ExpectMsg<KeyReplies.Metadata>(Wait).Key;
        Assert.Equal(created with { Enabled = false, KeyState = KeyStatus.Disabled }, recovered);
        actor.Tell(new KeyCommands.EnableKey(keyId));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        actor.Tell(new KeyCommands.Decrypt(keyId, blob, null));
        Assert.Equal(new byte[] { 9, 9, 9 }, ExpectMsg<KeyReplies.Decrypted>(Wait).Plaintext);
    }

    [Fact]
    public void Recovery_from_a_snapshot_keeps_the_state()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        for (var i = 1; i < KeyEntityActor.SnapshotEvery + 2; i++)
        {
            actor.Tell(i % 2 == 1 ? new KeyCommands.DisableKey(keyId) : new KeyCommands.EnableKey(keyId));
            ExpectMsg<KeyReplies.Metadata>(Wait);
        }
        AwaitAssert(() => Assert.NotNull(LatestSnapshot(keyId)), Wait);
        actor.Tell(new KeyCommands.DescribeKey(keyId));
        var before = ExpectMsg<KeyReplies.Metadata>(Wait).Key;

        Restart(ref actor, keyId);

        actor.Tell(new KeyCommands.DescribeKey(keyId));
        Assert.Equal(before, ExpectMsg<KeyReplies.Metadata>(Wait).Key);
    }

    private SelectedSnapshot? LatestSnapshot(string keyId)
    {
        var snapshots = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        snapshots.Tell(new LoadSnapshot(KeyEntityActor.PersistenceIdFor(keyId), SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);
        return ExpectMsg<LoadSnapshotResult>(Wait).Snapshot;
    }

    [Fact]
    public void A_changed_key_saves_a_snapshot_of_its_last_event_before_it_stops()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        actor.Tell(new KeyCommands.DisableKey(keyId));
        var disabled = ExpectMsg<KeyReplies.Metadata>(Wait).Key;
        Assert.Null(LatestSnapshot(keyId));

        StopWith(actor, KeyEntityActor.Stop.Instance);

        var snapshot = LatestSnapshot(keyId);
        Assert.NotNull(snapshot);
        Assert.Equal(2, snapshot.Metadata.SequenceNr);
        actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.DescribeKey(keyId));
        Assert.Equal(disabled, ExpectMsg<KeyReplies.Metadata>(Wait).Key);
    }

    [Fact]
    public void A_key_unchanged_since_its_snapshot_stops_without_saving_another()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        StopWith(actor, KeyEntityActor.Stop.Instance);
        var first = LatestSnapshot(keyId);
        Assert.NotNull(first);

        actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.Encrypt(keyId, [1], null));
        ExpectMsg<KeyReplies.Encrypted>(Wait);
        StopWith(actor, KeyEntityActor.Stop.Instance);

        Assert.Equal(first.Metadata, LatestSnapshot(keyId)?.Metadata);
    }

    [Fact]
    public void A_key_that_does_not_exist_stops_without_a_snapshot()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.DescribeKey(keyId));
        ExpectMsg<KeyReplies.Failed>(Wait);
        StopWith(actor, KeyEntityActor.Stop.Instance);
        Assert.Null(LatestSnapshot(keyId));
    }

    [Fact]
    public void Changes_are_published_for_the_catalog_after_they_are_persisted()
    {
        var keyId = KeyIds.New();
        Sys.EventStream.Subscribe(TestActor, typeof(KeyChanged));
        var actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.CreateKey(keyId, "x"));
        var changed = ExpectMsg<KeyChanged>(Wait);
        Assert.Equal(keyId, changed.State.KeyId);
        Assert.All(changed.State.Versions, v => Assert.Empty(v.WrappedMaterial));
        Assert.Equal(1, changed.SequenceNr);
        ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    [Fact]
    public void The_material_and_its_kept_message_keys_are_wiped_when_the_key_stops()
    {
        // A probe stands in for the master key, so the test holds the very array the key is given.
        var masterKey = CreateTestProbe();
        var keyId = KeyIds.New();
        var actor = Sys.ActorOf(KeyEntityActor.Props(keyId, masterKey.Ref, TimeProvider.System, Wait));
        var material = RandomNumberGenerator.GetBytes(32);
        actor.Tell(new KeyCommands.CreateKey(keyId, "wiped"));
        masterKey.ExpectMsg<MasterKeyProtocol.Generate>(Wait);
        masterKey.Reply(new MasterKeyProtocol.Generated(new GeneratedKeyMaterial(material, RandomNumberGenerator.GetBytes(60)), "probe"));
        ExpectMsg<KeyReplies.Metadata>(Wait);

        // Three messages: the second and third go through a kept message key.
        var blobs = Enumerable.Range(0, 3).Select(i =>
        {
            actor.Tell(new KeyCommands.Encrypt(keyId, [(byte)i], null));
            return ExpectMsg<KeyReplies.Encrypted>(Wait).CiphertextBlob;
        }).ToList();
        actor.Tell(new KeyCommands.Decrypt(keyId, blobs[2], null));
        Assert.Equal([2], ExpectMsg<KeyReplies.Decrypted>(Wait).Plaintext);
        Assert.Contains(material, b => b != 0);

        StopWith(actor, PoisonPill.Instance);

        Assert.All(material, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Key_material_that_does_not_unwrap_makes_the_key_unavailable_not_usable()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        CreateKey(actor, keyId);
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);

        var otherMasterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))));
        var impostor = Sys.ActorOf(KeyEntityActor.Props(keyId, otherMasterKey, TimeProvider.System, Wait));
        impostor.Tell(new KeyCommands.Encrypt(keyId, [1], null));
        Assert.Equal(KmsErrorCode.Internal, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }
}
