using System.Security.Cryptography;
using Akka.Actor;
using Akka.TestKit;
using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Actors.Tests.Keys;

/// <summary>
/// The owner's side of leases. Askers whose name starts with "holder" count as on another node (the locality test is
/// injected: a TestKit system has one address); the clock is a <see cref="FakeTimeProvider"/>, so a lease runs out
/// only when a test moves the clock.
/// </summary>
public class KeyEntityActorLeaseTests : Akka.TestKit.Xunit2.TestKit
{
    // Generous: the machine running the tests may be loaded, and only the absence of answers (Quiet) is timed.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly IActorRef _masterKey;
    private readonly FakeTimeProvider _clock = new();

    public KeyEntityActorLeaseTests() : base(KmsTestConfig.Serialized.WithFallback(KmsTestConfig.Value))
    {
        _masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))), "master-key");
    }

    private IActorRef KeyActor(string keyId, TimeSpan? leaseDuration = null) =>
        Sys.ActorOf(KeyEntityActor.Props(keyId, _masterKey, _clock, Wait, leaseDuration: leaseDuration ?? Lease,
            isRemote: actor => actor.Path.Name.StartsWith("holder", StringComparison.Ordinal)));

    private (string KeyId, IActorRef Actor) CreatedKey()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.CreateKey(keyId, "leased"));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        return (keyId, actor);
    }

    private static KeyLeases.Grant Lend(IActorRef actor, string keyId, TestProbe holder, long requestId = 1)
    {
        actor.Tell(new KeyLeases.Request(keyId, requestId), holder.Ref);
        return holder.ExpectMsg<KeyLeases.Grant>(Wait);
    }

    [Fact]
    public void A_key_lends_its_state_with_wrapped_material_to_an_asker_on_another_node()
    {
        var (keyId, actor) = CreatedKey();
        var holder = CreateTestProbe("holder-1");

        var grant = Lend(actor, keyId, holder, requestId: 77);

        Assert.Equal(keyId, grant.KeyId);
        Assert.Equal(77, grant.RequestId);
        Assert.Equal(Lease, grant.Duration);
        Assert.Equal(KeyStatus.Enabled, grant.State.Status);
        var version = Assert.Single(grant.State.Versions);
        // Wrapped: longer than the 32 bytes of material, by the wrap's nonce and tag.
        Assert.True(version.WrappedMaterial.Length > 32);
    }

    [Fact]
    public void A_key_lends_nothing_to_an_asker_on_its_own_node()
    {
        var (keyId, actor) = CreatedKey();
        var local = CreateTestProbe("local");

        actor.Tell(new KeyLeases.Request(keyId, 5), local.Ref);

        Assert.Equal(5, local.ExpectMsg<KeyLeases.Refused>(Wait).RequestId);
    }

    [Fact]
    public void A_disabled_key_lends_nothing()
    {
        var (keyId, actor) = CreatedKey();
        actor.Tell(new KeyCommands.DisableKey(keyId));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        var holder = CreateTestProbe("holder-1");

        actor.Tell(new KeyLeases.Request(keyId, 1), holder.Ref);

        holder.ExpectMsg<KeyLeases.Refused>(Wait);
    }

    [Fact]
    public void With_leases_off_a_key_lends_nothing()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId, TimeSpan.Zero);
        actor.Tell(new KeyCommands.CreateKey(keyId, "leased"));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        var holder = CreateTestProbe("holder-1");

        actor.Tell(new KeyLeases.Request(keyId, 1), holder.Ref);

        holder.ExpectMsg<KeyLeases.Refused>(Wait);
    }

    [Fact]
    public void Disable_calls_the_lease_back_and_answers_only_once_the_holder_gave_it_back()
    {
        var (keyId, actor) = CreatedKey();
        var holder = CreateTestProbe("holder-1");
        var grant = Lend(actor, keyId, holder);

        actor.Tell(new KeyCommands.DisableKey(keyId));
        var revoke = holder.ExpectMsg<KeyLeases.Revoke>(Wait);
        Assert.Equal(grant.LeaseId, revoke.LeaseId);
        // Crypto asked meanwhile waits behind the change too.
        actor.Tell(new KeyCommands.Encrypt(keyId, [1], null));
        ExpectNoMsg(Quiet);

        actor.Tell(new KeyLeases.Revoked(keyId, revoke.LeaseId), holder.Ref);

        Assert.False(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
        Assert.Equal(KmsErrorCode.Disabled, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }

    [Fact]
    public void A_lease_that_is_not_given_back_holds_the_change_until_it_runs_out_by_the_owners_clock()
    {
        var (keyId, actor) = CreatedKey();
        var holder = CreateTestProbe("holder-1");
        Lend(actor, keyId, holder);

        actor.Tell(new KeyCommands.RotateKeyOnDemand(keyId));
        holder.ExpectMsg<KeyLeases.Revoke>(Wait);
        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        ExpectNoMsg(Quiet);

        _clock.Advance(TimeSpan.FromSeconds(1));

        ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    [Fact]
    public void Every_holder_is_called_back_and_the_change_waits_for_the_last()
    {
        var (keyId, actor) = CreatedKey();
        var first = CreateTestProbe("holder-1");
        var second = CreateTestProbe("holder-2");
        var firstGrant = Lend(actor, keyId, first);
        var secondGrant = Lend(actor, keyId, second);
        Assert.NotEqual(firstGrant.LeaseId, secondGrant.LeaseId);

        actor.Tell(new KeyCommands.ScheduleKeyDeletion(keyId, 7));
        first.ExpectMsg<KeyLeases.Revoke>(Wait);
        second.ExpectMsg<KeyLeases.Revoke>(Wait);
        actor.Tell(new KeyLeases.Revoked(keyId, firstGrant.LeaseId), first.Ref);
        ExpectNoMsg(Quiet);

        actor.Tell(new KeyLeases.Revoked(keyId, secondGrant.LeaseId), second.Ref);

        Assert.Equal(KeyStatus.PendingDeletion, ExpectMsg<KeyReplies.Metadata>(Wait).Key.KeyState);
    }

    [Fact]
    public void Tags_descriptions_and_the_rotation_schedule_change_without_calling_leases_back()
    {
        var (keyId, actor) = CreatedKey();
        var holder = CreateTestProbe("holder-1");
        Lend(actor, keyId, holder);

        actor.Tell(new KeyCommands.TagResource(keyId, new Dictionary<string, string> { ["team"] = "a" }));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        actor.Tell(new KeyCommands.UpdateKeyDescription(keyId, "other"));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        actor.Tell(new KeyCommands.EnableKeyRotation(keyId, 90));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        actor.Tell(new KeyCommands.DisableKeyRotation(keyId));
        ExpectMsg<KeyReplies.Metadata>(Wait);

        holder.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_renewal_replaces_the_holders_earlier_lease_so_one_answer_releases_the_change()
    {
        var (keyId, actor) = CreatedKey();
        var holder = CreateTestProbe("holder-1");
        Lend(actor, keyId, holder, requestId: 1);
        var renewed = Lend(actor, keyId, holder, requestId: 2);

        actor.Tell(new KeyCommands.DisableKey(keyId));
        Assert.Equal(renewed.LeaseId, holder.ExpectMsg<KeyLeases.Revoke>(Wait).LeaseId);
        holder.ExpectNoMsg(Quiet);
        actor.Tell(new KeyLeases.Revoked(keyId, renewed.LeaseId), holder.Ref);

        ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    [Fact]
    public void A_restarted_key_waits_one_lease_duration_before_a_change_but_serves_crypto_at_once()
    {
        var keyId = KeyIds.New();
        var actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.CreateKey(keyId, "leased"));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);

        // A lease the earlier incarnation lent could still be in use somewhere.
        actor = KeyActor(keyId);
        actor.Tell(new KeyCommands.Encrypt(keyId, [1], null));
        ExpectMsg<KeyReplies.Encrypted>(Wait);
        actor.Tell(new KeyCommands.DisableKey(keyId));
        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        ExpectNoMsg(Quiet);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
    }

    [Fact]
    public void A_key_made_by_this_incarnation_changes_at_once_since_no_earlier_one_lent_it()
    {
        var (keyId, actor) = CreatedKey();

        actor.Tell(new KeyCommands.DisableKey(keyId));

        Assert.False(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
    }

    [Fact]
    public void After_the_change_a_holder_that_asks_again_gets_the_new_state()
    {
        var (keyId, actor) = CreatedKey();
        var holder = CreateTestProbe("holder-1");
        var grant = Lend(actor, keyId, holder);
        actor.Tell(new KeyCommands.RotateKeyOnDemand(keyId));
        holder.ExpectMsg<KeyLeases.Revoke>(Wait);
        // Asked again at once: the request waits behind the change.
        actor.Tell(new KeyLeases.Request(keyId, 2), holder.Ref);
        actor.Tell(new KeyLeases.Revoked(keyId, grant.LeaseId), holder.Ref);
        ExpectMsg<KeyReplies.Metadata>(Wait);

        var renewed = holder.ExpectMsg<KeyLeases.Grant>(Wait);

        Assert.Equal(2, renewed.State.CurrentVersion());
    }
}
