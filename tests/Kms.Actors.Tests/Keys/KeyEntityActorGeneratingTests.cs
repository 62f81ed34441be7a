using System.Security.Cryptography;
using Akka.Actor;
using Akka.TestKit;
using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Actors.Tests.Keys;

/// <summary>
/// What reaches a key while the master key makes material for it (a creation or a rotation) or unwraps it (a start):
/// nothing may be served with material that does not exist yet, nothing may start a second generation or a re-wrap
/// alongside, and nothing may be lost. A probe stands for the master key, so a test decides when the material is ready;
/// askers named "holder…" count as on another node.
/// </summary>
public class KeyEntityActorGeneratingTests : Akka.TestKit.Xunit2.TestKit
{
    // Generous: the machine running the tests may be loaded, and only the absence of messages (Quiet) is timed.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private const string Provider = "gokms";
    private readonly FakeTimeProvider _clock = new();
    private readonly TestProbe _masterKey;
    private readonly TestProbe _holder;
    private readonly string _keyId = KeyIds.New();
    private IActorRef _actor;
    private IActorRef _generateAsker = ActorRefs.Nobody;

    public KeyEntityActorGeneratingTests() : base(KmsTestConfig.Serialized.WithFallback(KmsTestConfig.Value))
    {
        _masterKey = CreateTestProbe("master-key");
        _holder = CreateTestProbe("holder-1");
        _actor = KeyActor();
    }

    private IActorRef KeyActor() =>
        Sys.ActorOf(KeyEntityActor.Props(_keyId, _masterKey.Ref, _clock, Wait, leaseDuration: Lease,
            isRemote: actor => actor.Path.Name.StartsWith("holder", StringComparison.Ordinal)));

    /// <summary>The created key stops and starts again; returns the asker of the unwrap the new incarnation is waiting for.</summary>
    private IActorRef RestartedAndUnwrapping()
    {
        Created();
        Watch(_actor);
        _actor.Tell(PoisonPill.Instance);
        ExpectTerminated(_actor, Wait);
        _actor = KeyActor();
        _masterKey.ExpectMsg<MasterKeyProtocol.Unwrap>(Wait);
        return _masterKey.LastSender;
    }

    /// <summary>The master key is asked to generate the material of <paramref name="version"/>.</summary>
    private MasterKeyProtocol.Generate Generates(int version)
    {
        var generate = _masterKey.ExpectMsg<MasterKeyProtocol.Generate>(Wait);
        Assert.Equal(version, generate.Binding.Version);
        _generateAsker = _masterKey.LastSender;
        return generate;
    }

    /// <summary>The master key's answer to the last generation: fresh material, "wrapped" (the key does not unwrap it here).</summary>
    private void AnswerGenerate(int bytes = 32) =>
        _generateAsker.Tell(new MasterKeyProtocol.Generated(
            new GeneratedKeyMaterial(RandomNumberGenerator.GetBytes(bytes), RandomNumberGenerator.GetBytes(bytes + 28)), Provider), _masterKey.Ref);

    private void Created()
    {
        _actor.Tell(new KeyCommands.CreateKey(_keyId, "generating"));
        Generates(1);
        AnswerGenerate();
        ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    private IReadOnlyList<KeyReplies.Rotation> Rotations()
    {
        _actor.Tell(new KeyCommands.ListKeyRotations(_keyId));
        return ExpectMsg<KeyReplies.Rotations>(Wait).Items;
    }

    [Fact]
    public void A_lease_request_and_crypto_while_the_key_is_created_are_answered_once_its_material_exists()
    {
        _actor.Tell(new KeyCommands.CreateKey(_keyId, "generating"));
        Generates(1);
        _actor.Tell(new KeyLeases.Request(_keyId, 7), _holder.Ref);
        _actor.Tell(new KeyCommands.Encrypt(_keyId, [1, 2, 3], null));
        _holder.ExpectNoMsg(Quiet);
        ExpectNoMsg(TimeSpan.Zero);

        AnswerGenerate();

        ExpectMsg<KeyReplies.Metadata>(Wait);
        Assert.Equal(_keyId, ExpectMsg<KeyReplies.Encrypted>(Wait).KeyId);
        var grant = _holder.ExpectMsg<KeyLeases.Grant>(Wait);
        Assert.Equal(7, grant.RequestId);
        Assert.Single(grant.State.Versions);
    }

    [Fact]
    public void A_lease_request_during_a_rotation_is_lent_the_rotated_key_not_the_one_the_rotation_replaces()
    {
        Created();
        _actor.Tell(new KeyCommands.RotateKeyOnDemand(_keyId));
        Generates(2);

        // Lent now, the old state would serve on after the rotation is answered: its leases were already called back.
        _actor.Tell(new KeyLeases.Request(_keyId, 8), _holder.Ref);
        _holder.ExpectNoMsg(Quiet);
        AnswerGenerate();

        ExpectMsg<KeyReplies.Metadata>(Wait);
        Assert.Equal(2, _holder.ExpectMsg<KeyLeases.Grant>(Wait).State.CurrentVersion());
    }

    [Fact]
    public void A_lease_request_while_a_creation_fails_is_refused_not_lost()
    {
        _actor.Tell(new KeyCommands.CreateKey(_keyId, "generating"));
        Generates(1);
        _actor.Tell(new KeyLeases.Request(_keyId, 9), _holder.Ref);

        _masterKey.Reply(new MasterKeyProtocol.Failed(KmsError.Unavailable("The HSM is away.")));

        Assert.Equal(KmsErrorCode.KeyUnavailable, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        Assert.Equal(9, _holder.ExpectMsg<KeyLeases.Refused>(Wait).RequestId);
    }

    [Fact]
    public void A_scheduled_task_tick_during_a_rotation_waits_for_it_then_runs_the_rotation_that_is_still_due()
    {
        Created();
        _actor.Tell(new KeyCommands.EnableKeyRotation(_keyId, 90));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        _clock.Advance(TimeSpan.FromDays(91));
        _actor.Tell(new KeyCommands.RotateKeyOnDemand(_keyId));
        Generates(2);
        var tick = CreateTestProbe();

        _actor.Tell(new KeyCommands.RunDueTasks(_keyId), tick.Ref);

        // No second generation alongside the first: both would make a version 2.
        _masterKey.ExpectNoMsg(Quiet);
        tick.ExpectNoMsg(TimeSpan.Zero);
        AnswerGenerate();
        ExpectMsg<KeyReplies.Metadata>(Wait);
        Generates(3);
        AnswerGenerate();
        tick.ExpectMsg<KeyReplies.Metadata>(Wait);
        Assert.Equal([RotationType.OnDemand, RotationType.Automatic], Rotations().Select(r => r.RotationType));
    }

    [Fact]
    public void A_scheduled_task_tick_while_the_key_is_created_is_answered_after_it()
    {
        _actor.Tell(new KeyCommands.CreateKey(_keyId, "generating"));
        Generates(1);
        var tick = CreateTestProbe();

        _actor.Tell(new KeyCommands.RunDueTasks(_keyId), tick.Ref);
        tick.ExpectNoMsg(Quiet);
        AnswerGenerate();

        ExpectMsg<KeyReplies.Metadata>(Wait);
        Assert.True(tick.ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
        _masterKey.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_rewrap_during_a_rotation_waits_for_it_then_rewraps_the_new_version_too()
    {
        Created();
        _actor.Tell(new KeyCommands.RotateKeyOnDemand(_keyId));
        Generates(2);
        var migration = CreateTestProbe();

        _actor.Tell(new KeyCommands.RewrapMaterial(_keyId, "hsm"), migration.Ref);
        _masterKey.ExpectNoMsg(Quiet);
        AnswerGenerate();
        ExpectMsg<KeyReplies.Metadata>(Wait);

        var rewrap = _masterKey.ExpectMsg<MasterKeyProtocol.Rewrap>(Wait);
        Assert.Equal([1, 2], rewrap.Versions.Select(v => v.Version));
        _masterKey.Reply(new MasterKeyProtocol.Rewrapped("hsm",
            rewrap.Versions.Select(v => new MasterKeyProtocol.WrappedVersion(v.Version, "hsm", [9, 9, (byte)v.Version], KeyWrapBinding.CurrentFormat)).ToList()));
        migration.ExpectMsg<KeyReplies.Metadata>(Wait);
        _actor.Tell(new KeyLeases.Request(_keyId, 10), _holder.Ref);
        Assert.All(_holder.ExpectMsg<KeyLeases.Grant>(Wait).State.Versions, v => Assert.Equal("hsm", v.Provider));
    }

    [Fact]
    public void While_a_started_key_unwraps_its_material_lease_requests_crypto_and_the_tick_wait_and_are_then_served()
    {
        var unwrap = RestartedAndUnwrapping();
        var tick = CreateTestProbe();

        _actor.Tell(new KeyLeases.Request(_keyId, 11), _holder.Ref);
        _actor.Tell(new KeyCommands.Encrypt(_keyId, [1], null));
        _actor.Tell(new KeyCommands.RunDueTasks(_keyId), tick.Ref);
        _holder.ExpectNoMsg(Quiet);
        ExpectNoMsg(TimeSpan.Zero);
        tick.ExpectNoMsg(TimeSpan.Zero);
        unwrap.Tell(new MasterKeyProtocol.Unwrapped(new Dictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) }), _masterKey.Ref);

        Assert.Equal(11, _holder.ExpectMsg<KeyLeases.Grant>(Wait).RequestId);
        ExpectMsg<KeyReplies.Encrypted>(Wait);
        tick.ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    [Fact]
    public void A_rewrap_sent_while_a_started_key_unwraps_waits_for_its_material_and_then_for_its_start_delay()
    {
        var unwrap = RestartedAndUnwrapping();
        var migration = CreateTestProbe();

        _actor.Tell(new KeyCommands.RewrapMaterial(_keyId, "hsm"), migration.Ref);
        _masterKey.ExpectNoMsg(Quiet);
        unwrap.Tell(new MasterKeyProtocol.Unwrapped(new Dictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) }), _masterKey.Ref);
        // A re-wrap calls leases back like any change: an earlier incarnation's lease may still be out.
        _masterKey.ExpectNoMsg(Quiet);
        _clock.Advance(Lease);

        var rewrap = _masterKey.ExpectMsg<MasterKeyProtocol.Rewrap>(Wait);
        _masterKey.Reply(new MasterKeyProtocol.Rewrapped("hsm", [new MasterKeyProtocol.WrappedVersion(1, "hsm", [9, 9, 1], KeyWrapBinding.CurrentFormat)]));
        Assert.Equal([1], rewrap.Versions.Select(v => v.Version));
        migration.ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    [Fact]
    public void A_lease_request_to_a_key_whose_material_does_not_unwrap_is_refused_as_the_protocol_says()
    {
        var unwrap = RestartedAndUnwrapping();
        _actor.Tell(new KeyLeases.Request(_keyId, 12), _holder.Ref);
        _actor.Tell(new KeyCommands.Encrypt(_keyId, [1], null));

        unwrap.Tell(new MasterKeyProtocol.Failed(new KmsError(KmsErrorCode.Internal, "The key's material does not unwrap under this master key.")), _masterKey.Ref);

        Assert.Equal(12, _holder.ExpectMsg<KeyLeases.Refused>(Wait).RequestId);
        Assert.Equal(KmsErrorCode.Internal, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
        // Asked again while the key is still unusable: refused again.
        _actor.Tell(new KeyLeases.Request(_keyId, 13), _holder.Ref);
        Assert.Equal(13, _holder.ExpectMsg<KeyLeases.Refused>(Wait).RequestId);
    }
}
