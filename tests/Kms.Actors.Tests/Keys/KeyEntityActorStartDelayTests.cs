using System.Security.Cryptography;
using Akka.Actor;
using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Actors.Tests.Keys;

/// <summary>
/// A new incarnation of an existing key (after passivation, a hand-off or a restart) cannot know the leases the last
/// one lent, so it applies no change that calls leases back until one lease duration after its start
/// (docs/scaling.md). The clock is a <see cref="FakeTimeProvider"/>: the delay ends only when a test moves it, so a
/// change answered without the clock moving proves there was no delay. Askers named "holder…" count as remote.
/// </summary>
public class KeyEntityActorStartDelayTests : Akka.TestKit.Xunit2.TestKit
{
    // Generous: the machine running the tests may be loaded, and only the absence of answers (Quiet) is timed.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly IActorRef _masterKey;
    private readonly FakeTimeProvider _clock = new();
    private readonly string _keyId = KeyIds.New();

    public KeyEntityActorStartDelayTests() : base(KmsTestConfig.Serialized.WithFallback(KmsTestConfig.Value))
    {
        _masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))), "master-key");
    }

    private IActorRef KeyActor(TimeSpan leaseDuration) =>
        Sys.ActorOf(KeyEntityActor.Props(_keyId, _masterKey, _clock, Wait, leaseDuration: leaseDuration,
            isRemote: actor => actor.Path.Name.StartsWith("holder", StringComparison.Ordinal)));

    /// <summary>
    /// A key created by one incarnation (which then handled <paramref name="before"/>), stopped with <paramref name="stop"/>;
    /// after the clock moved on by <paramref name="away"/>, the next incarnation starts and is returned.
    /// </summary>
    private IActorRef ExistingKeyRestarted(object stop, TimeSpan? leaseDuration = null, IKeyCommand? before = null, TimeSpan away = default)
    {
        var first = KeyActor(leaseDuration ?? Lease);
        first.Tell(new KeyCommands.CreateKey(_keyId, "moved"));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        if (before is not null)
        {
            first.Tell(before);
            ExpectMsg<KeyReplies.Metadata>(Wait);
        }
        Watch(first);
        first.Tell(stop);
        ExpectTerminated(first, Wait);
        _clock.Advance(away);
        return KeyActor(leaseDuration ?? Lease);
    }

    /// <summary>
    /// Sent as the new incarnation's first messages, so they wait in its recovery: the read is answered once the
    /// incarnation is ready (its delay has started by then), and the change must wait behind it.
    /// </summary>
    private void ReadThenChange(IActorRef actor, IKeyCommand change)
    {
        actor.Tell(new KeyCommands.DescribeKey(_keyId));
        actor.Tell(change);
        ExpectMsg<KeyReplies.Metadata>(Wait);
    }

    /// <summary>Nothing is answered until the clock reaches one lease duration after the start; then the change is.</summary>
    private KeyMetadata AnsweredOnlyAfterTheDelay()
    {
        ExpectNoMsg(Quiet);
        _clock.Advance(Lease - Second);
        ExpectNoMsg(Quiet);
        _clock.Advance(Second);
        return ExpectMsg<KeyReplies.Metadata>(Wait).Key;
    }

    private IReadOnlyList<KeyReplies.Rotation> Rotations(IActorRef actor)
    {
        actor.Tell(new KeyCommands.ListKeyRotations(_keyId));
        return ExpectMsg<KeyReplies.Rotations>(Wait).Items;
    }

    [Fact]
    public void A_disable_sent_with_the_first_messages_after_passivation_is_answered_only_once_a_lease_of_the_last_incarnation_ran_out()
    {
        // Sharding's stop: the key saves a snapshot first, so the next incarnation recovers from it.
        var actor = ExistingKeyRestarted(KeyEntityActor.Stop.Instance);

        ReadThenChange(actor, new KeyCommands.DisableKey(_keyId));
        // Crypto sent after the change waits behind it, and then sees the change.
        actor.Tell(new KeyCommands.Encrypt(_keyId, [1], null));

        Assert.False(AnsweredOnlyAfterTheDelay().Enabled);
        Assert.Equal(KmsErrorCode.Disabled, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);
    }

    [Fact]
    public void A_rotation_on_demand_right_after_a_hand_off_waits_one_lease_duration()
    {
        var actor = ExistingKeyRestarted(PoisonPill.Instance);

        ReadThenChange(actor, new KeyCommands.RotateKeyOnDemand(_keyId));

        AnsweredOnlyAfterTheDelay();
        Assert.Equal(RotationType.OnDemand, Assert.Single(Rotations(actor)).RotationType);
    }

    [Fact]
    public void A_rotation_that_fell_due_while_the_key_was_away_waits_one_lease_duration_too()
    {
        var actor = ExistingKeyRestarted(PoisonPill.Instance, before: new KeyCommands.EnableKeyRotation(_keyId, 90), away: TimeSpan.FromDays(91));
        ReadThenChange(actor, new KeyCommands.RunDueTasks(_keyId));

        AnsweredOnlyAfterTheDelay();
        Assert.Equal(RotationType.Automatic, Assert.Single(Rotations(actor)).RotationType);
    }

    [Fact]
    public void A_lease_lent_and_given_back_during_the_delay_does_not_end_it()
    {
        var actor = ExistingKeyRestarted(PoisonPill.Instance);
        var holder = CreateTestProbe("holder-1");
        // Lease requests are served at once during the delay.
        actor.Tell(new KeyLeases.Request(_keyId, 1), holder.Ref);
        var grant = holder.ExpectMsg<KeyLeases.Grant>(Wait);

        actor.Tell(new KeyCommands.DisableKey(_keyId));
        Assert.Equal(grant.LeaseId, holder.ExpectMsg<KeyLeases.Revoke>(Wait).LeaseId);
        actor.Tell(new KeyLeases.Revoked(_keyId, grant.LeaseId), holder.Ref);

        // A holder of the last incarnation may still be serving: its lease is not this one.
        Assert.False(AnsweredOnlyAfterTheDelay().Enabled);
    }

    [Fact]
    public void Reads_and_crypto_during_the_delay_are_answered_at_once()
    {
        var actor = ExistingKeyRestarted(PoisonPill.Instance);

        actor.Tell(new KeyCommands.Encrypt(_keyId, [1], null));
        ExpectMsg<KeyReplies.Encrypted>(Wait);
        actor.Tell(new KeyCommands.GetKeyRotationStatus(_keyId));
        ExpectMsg<KeyReplies.RotationStatus>(Wait);
        // Changes crypto never reads do not wait either.
        actor.Tell(new KeyCommands.UpdateKeyDescription(_keyId, "other"));
        Assert.Equal("other", ExpectMsg<KeyReplies.Metadata>(Wait).Key.Description);
    }

    [Fact]
    public void The_delay_counts_from_the_start_so_a_change_after_it_is_answered_at_once()
    {
        var actor = ExistingKeyRestarted(PoisonPill.Instance);
        actor.Tell(new KeyCommands.DescribeKey(_keyId));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        _clock.Advance(Lease);

        actor.Tell(new KeyCommands.DisableKey(_keyId));

        Assert.False(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
    }

    [Fact]
    public void With_leases_off_as_on_a_single_node_a_restarted_key_changes_at_once()
    {
        var actor = ExistingKeyRestarted(PoisonPill.Instance, leaseDuration: TimeSpan.Zero);

        // The clock never moves: any delay would leave the change unanswered.
        actor.Tell(new KeyCommands.DisableKey(_keyId));
        Assert.False(ExpectMsg<KeyReplies.Metadata>(Wait).Key.Enabled);
        actor.Tell(new KeyCommands.EnableKey(_keyId));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        actor.Tell(new KeyCommands.RotateKeyOnDemand(_keyId));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        Assert.Single(Rotations(actor));
    }
}
