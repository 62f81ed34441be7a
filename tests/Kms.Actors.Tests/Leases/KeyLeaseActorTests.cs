using System.Collections.Concurrent;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.TestKit;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;
using Kms.Actors.Operations;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Actors.Tests.Leases;

/// <summary>
/// The holder's side of leases: the lease actor and the table. Probes stand for the key shard region (where requests go)
/// and the master key (which unwraps grants); the clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
public class KeyLeaseActorTests : Akka.TestKit.Xunit2.TestKit
{
    // Generous: the machine running the tests may be loaded, and only the absence of messages (Quiet) is timed.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();
    private readonly KeyLeaseTable _table;
    private readonly TestProbe _region;
    private readonly TestProbe _masterKey;
    private readonly IActorRef _leases;
    private readonly string _keyId = KeyIds.New();

    public KeyLeaseActorTests() : base(KmsTestConfig.Serialized.WithFallback(KmsTestConfig.Value))
    {
        _table = new KeyLeaseTable(_clock);
        _region = CreateTestProbe("region");
        _masterKey = CreateTestProbe("master-key");
        _leases = Sys.ActorOf(KeyLeaseActor.Props(_table, _masterKey.Ref, () => _region.Ref, Duration, Wait));
        AwaitCondition(() => Miss() && _region.HasMessages, Wait);
    }

    private KeyCommands.Encrypt Encrypt(byte value = 1) => new(_keyId, [value], null);

    /// <summary>A request this node cannot serve, which the key's actor then served (as KeyOperations reports it); true when nothing served it here.</summary>
    private bool Miss()
    {
        if (_table.TryServe(Encrypt()) is not null) return false;
        _table.Served(Encrypt(), new KeyReplies.Encrypted(_keyId, [1]));
        return true;
    }

    private KeyState State(int versions = 1) => new(_keyId, _clock.GetUtcNow(), "", KeyStatus.Enabled,
        Enumerable.Range(1, versions).Select(v => new KeyVersion(v, "gokms", [1, 2, (byte)v]) { WrapFormat = 2 }).ToList());

    /// <summary>The request the constructor's first miss sent.</summary>
    private KeyLeases.Request FirstRequest() => _region.ExpectMsg<KeyLeases.Request>(Wait);

    private KeyLeases.Grant GrantFor(KeyLeases.Request request, string leaseId = "lease-1") =>
        new(request.KeyId, request.RequestId, leaseId, State(), Duration);

    /// <summary>Grants the request and answers the unwrap with <paramref name="material"/>; returns the installed lease.</summary>
    private KeyLease Install(KeyLeases.Request request, byte[] material, string leaseId = "lease-1")
    {
        _leases.Tell(GrantFor(request, leaseId));
        _masterKey.ExpectMsg<MasterKeyProtocol.Unwrap>(Wait);
        _masterKey.Reply(new MasterKeyProtocol.Unwrapped(new Dictionary<int, byte[]> { [1] = material }));
        AwaitCondition(() => _table.Find(_keyId) is not null, Wait);
        return _table.Find(_keyId)!;
    }

    private static byte[] Material() => RandomNumberGenerator.GetBytes(32);

    private byte[] DecryptWith(byte[] material, byte[] blob)
    {
        using var reference = new KeyMaterial(_keyId);
        reference.Hold(1, material.ToArray());
        return Assert.IsType<KeyReplies.Decrypted>(reference.Run(new KeyCommands.Decrypt(_keyId, blob, null), 1, out _)).Plaintext;
    }

    [Fact]
    public void Misses_ask_the_owner_once_and_a_granted_lease_then_serves_here_what_the_owner_decrypts()
    {
        var request = FirstRequest();
        Assert.Equal(_keyId, request.KeyId);
        Assert.True(Miss());
        _region.ExpectNoMsg(Quiet);
        var material = Material();
        var copy = material.ToArray();

        Install(request, material);
        var encrypted = Assert.IsType<KeyReplies.Encrypted>(_table.TryServe(Encrypt(42)));

        Assert.Equal([42], DecryptWith(copy, encrypted.CiphertextBlob));
        _region.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_lease_runs_out_by_the_holders_clock_counted_from_its_request_and_is_then_wiped()
    {
        var request = FirstRequest();
        _clock.Advance(TimeSpan.FromSeconds(4));
        var material = Material();
        var lease = Install(request, material);
        Assert.IsType<KeyReplies.Encrypted>(_table.TryServe(Encrypt()));

        _clock.Advance(TimeSpan.FromSeconds(6));

        Assert.True(Miss());
        AwaitCondition(() => lease.Closed && _table.Find(_keyId) is null, Wait);
        Assert.All(material, b => Assert.Equal(0, b));
        // And the miss asked for a fresh lease.
        _region.ExpectMsg<KeyLeases.Request>(Wait);
    }

    [Fact]
    public void A_lease_in_its_last_third_is_renewed_in_the_background_and_keeps_its_material()
    {
        var lease = Install(FirstRequest(), Material());
        _clock.Advance(TimeSpan.FromSeconds(7));

        Assert.IsType<KeyReplies.Encrypted>(_table.TryServe(Encrypt()));
        var renewal = _region.ExpectMsg<KeyLeases.Request>(Wait);
        _leases.Tell(GrantFor(renewal, "lease-2"));
        AwaitCondition(() => lease.LeaseId == "lease-2", Wait);
        _masterKey.ExpectNoMsg(Quiet);
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.IsType<KeyReplies.Encrypted>(_table.TryServe(Encrypt()));
        Assert.Same(lease, _table.Find(_keyId));
    }

    [Fact]
    public async Task A_revoke_is_answered_only_once_no_request_uses_the_lease_and_its_material_is_wiped()
    {
        var material = Material();
        var copy = material.ToArray();
        var lease = Install(FirstRequest(), material);
        var served = new ConcurrentBag<byte[]>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (_table.TryServe(Encrypt(7)) is KeyReplies.Encrypted encrypted) served.Add(encrypted.CiphertextBlob);
            }
        })).ToArray();
        AwaitCondition(() => served.Count > 100, Wait);

        _leases.Tell(new KeyLeases.Revoke(_keyId, "lease-1"));

        Assert.Equal("lease-1", ExpectMsg<KeyLeases.Revoked>(Wait).LeaseId);
        Assert.True(lease.Closed);
        Assert.All(material, b => Assert.Equal(0, b));
        Assert.Null(_table.TryServe(Encrypt()));
        stop.Cancel();
        await Task.WhenAll(load);
        // Nothing was encrypted with material being wiped: every ciphertext served decrypts.
        Assert.All(served, blob => Assert.Equal([7], DecryptWith(copy, blob)));
    }

    [Fact]
    public void A_grant_for_no_outstanding_request_is_dropped_without_unwrapping()
    {
        var request = FirstRequest();

        _leases.Tell(GrantFor(request) with { RequestId = request.RequestId + 1 });
        _leases.Tell(GrantFor(request) with { KeyId = KeyIds.New() });

        _masterKey.ExpectNoMsg(Quiet);
        Assert.Null(_table.Find(_keyId));
        // The real answer is still taken.
        Install(request, Material());
    }

    [Fact]
    public void A_grant_of_a_key_not_enabled_is_dropped()
    {
        var request = FirstRequest();

        _leases.Tell(GrantFor(request) with { State = State() with { Status = KeyStatus.Disabled } });

        _masterKey.ExpectNoMsg(Quiet);
        Assert.Null(_table.Find(_keyId));
    }

    [Fact]
    public void A_revoke_that_arrives_during_the_unwrap_cancels_the_install_and_wipes_what_was_unwrapped()
    {
        var request = FirstRequest();
        _leases.Tell(GrantFor(request));
        _masterKey.ExpectMsg<MasterKeyProtocol.Unwrap>(Wait);
        var unwrapReply = _masterKey.LastSender;

        _leases.Tell(new KeyLeases.Revoke(_keyId, "lease-1"));
        ExpectMsg<KeyLeases.Revoked>(Wait);
        var material = Material();
        unwrapReply.Tell(new MasterKeyProtocol.Unwrapped(new Dictionary<int, byte[]> { [1] = material }));

        AwaitCondition(() => material.All(b => b == 0), Wait);
        Assert.Null(_table.Find(_keyId));
        Assert.Null(_table.TryServe(Encrypt()));
    }

    [Fact]
    public void A_refused_key_is_not_asked_for_again_at_once()
    {
        var request = FirstRequest();

        _leases.Tell(new KeyLeases.Refused(_keyId, request.RequestId));
        Assert.True(Miss());

        _region.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Only_crypto_is_served_under_a_lease()
    {
        Install(FirstRequest(), Material());

        Assert.Null(_table.TryServe(new KeyCommands.DisableKey(_keyId)));
        Assert.Null(_table.TryServe(new KeyCommands.DescribeKey(_keyId)));
        Assert.IsType<KeyReplies.Failed>(_table.TryServe(new KeyCommands.GenerateMac(_keyId, [1], MacAlgorithm.HmacSha256)));
    }

    [Fact]
    public void A_grant_whose_material_does_not_unwrap_here_is_not_asked_for_again_at_once()
    {
        _leases.Tell(GrantFor(FirstRequest()));
        _masterKey.ExpectMsg<MasterKeyProtocol.Unwrap>(Wait);
        _masterKey.Reply(new MasterKeyProtocol.Failed(new KmsError(KmsErrorCode.Internal, "does not unwrap")));
        // Misses keep coming while the failure is handled and after: none asks again.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(Miss());
            _region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        }

        Assert.Null(_table.Find(_keyId));
    }

    [Fact]
    public void A_request_the_keys_actor_refused_asks_for_no_lease()
    {
        FirstRequest();
        // The revoke ends the first request, so that a failed answer for this key could ask again if it were taken as a success.
        _leases.Tell(new KeyLeases.Revoke(_keyId, "none"));
        ExpectMsg<KeyLeases.Revoked>(Wait);
        var unknown = KeyIds.New();

        _table.Served(new KeyCommands.Encrypt(unknown, [1], null), new KeyReplies.Failed(KmsError.NotFound(unknown)));
        _table.Served(Encrypt(), new KeyReplies.Failed(new KmsError(KmsErrorCode.Disabled, "disabled")));

        _region.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_revoke_without_a_key_id_is_dropped_and_the_leases_held_stay()
    {
        var lease = Install(FirstRequest(), Material());

        _leases.Tell(new KeyLeases.Revoke(null!, "lease-1"));

        ExpectNoMsg(Quiet);
        Assert.False(lease.Closed);
        Assert.IsType<KeyReplies.Encrypted>(_table.TryServe(Encrypt()));
    }

    [Fact]
    public void A_lease_that_served_is_renewed_in_its_last_third_even_when_no_request_comes_then()
    {
        var lease = Install(FirstRequest(), Material());
        Assert.IsType<KeyReplies.Encrypted>(_table.TryServe(Encrypt()));

        _clock.Advance(TimeSpan.FromSeconds(7));

        // No request after the clock moved: the sweep (every fifth of a lease, in real time) asks by itself.
        var renewal = _region.ExpectMsg<KeyLeases.Request>(Wait);
        _leases.Tell(GrantFor(renewal, "lease-2"));
        AwaitCondition(() => lease.LeaseId == "lease-2", Wait);
        Assert.False(lease.UsedSinceGrant);
    }

    [Fact]
    public void A_lease_that_served_nothing_is_left_to_run_out()
    {
        Install(FirstRequest(), Material());

        _clock.Advance(TimeSpan.FromSeconds(7));

        // Longer than a sweep interval (a fifth of the 10 s lease) in real time.
        _region.ExpectNoMsg(TimeSpan.FromSeconds(3));
    }
}
