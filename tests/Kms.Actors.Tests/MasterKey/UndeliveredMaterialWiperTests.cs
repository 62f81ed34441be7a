using System.Collections.Concurrent;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.Leases;
using Kms.Actors.MasterKey;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Actors.Tests.MasterKey;

/// <summary>
/// Material the master key hands out to an asker that is gone (a key or lease actor that stopped, an ask that timed
/// out) ends in dead letters; it is wiped there, and the dead-letter log does not show it. The provider holds each
/// call until the test lets it go, so the asker can be made to leave meanwhile, and keeps every array it hands out.
/// </summary>
public class UndeliveredMaterialWiperTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly HoldingProvider _provider = new();
    private readonly IActorRef _masterKey;
    private readonly TestProbe _log;
    private readonly string _keyId = KeyIds.New();

    public UndeliveredMaterialWiperTests() : base(KmsTestConfig.Value)
    {
        _log = CreateTestProbe();
        Sys.EventStream.Subscribe(_log.Ref, typeof(LogEvent));
        _masterKey = Sys.ActorOf(MasterKeyActor.Props(_provider), "master-key");
    }

    /// <summary>Lets the master key answer at once, or, when held, only once <see cref="Release"/> is set.</summary>
    private sealed class HoldingProvider : IMasterKeyProvider
    {
        private readonly SoftwareMasterKeyProvider _inner = new(RandomNumberGenerator.GetBytes(32));

        public ManualResetEventSlim Release { get; } = new(true);

        public SemaphoreSlim Entered { get; } = new(0);

        /// <summary>Every plaintext array handed out, and a copy of it as it was (to look for in the logs).</summary>
        public ConcurrentQueue<(byte[] Array, byte[] Copy)> HandedOut { get; } = new();

        public string Name => "gokms";

        public GeneratedKeyMaterial Generate(KeyWrapBinding binding, int bytes)
        {
            var generated = _inner.Generate(binding, bytes);
            Hand(generated.Material);
            return generated;
        }

        public byte[] Wrap(KeyWrapBinding binding, byte[] material) => _inner.Wrap(binding, material);

        public byte[] Unwrap(KeyWrapBinding binding, byte[] wrapped) => Hand(_inner.Unwrap(binding, wrapped));

        public byte[] DeriveJournalMacKey() => _inner.DeriveJournalMacKey();

        public void Dispose() => _inner.Dispose();

        private byte[] Hand(byte[] material)
        {
            HandedOut.Enqueue((material, material.ToArray()));
            Entered.Release();
            Release.Wait();
            return material;
        }
    }

    /// <summary>The next provider call is held: returns once it has started, so its asker can be made to leave.</summary>
    private void HoldNextCall(Action start)
    {
        _provider.HandedOut.Clear();
        while (_provider.Entered.CurrentCount > 0) _provider.Entered.Wait(0);
        _provider.Release.Reset();
        start();
        Assert.True(_provider.Entered.Wait(Wait), "The master key was not asked.");
    }

    private void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Wait);
    }

    /// <summary>Lets the held call answer, then waits until every array it handed out is zeros; the logs never showed one.</summary>
    private void ReleasedMaterialIsWipedAndNeverLogged()
    {
        _provider.Release.Set();
        AwaitCondition(() => _provider.HandedOut.All(h => h.Array.All(b => b == 0)), Wait, "material that reached no one was left in memory");
        var logged = new List<string>();
        _log.FishForMessage(m =>
        {
            logged.Add(m.ToString()!);
            return logged[^1].Contains("not delivered", StringComparison.Ordinal);
        }, Wait, "the dead letter was logged");
        logged.AddRange(_log.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m.ToString()!));
        foreach (var (_, copy) in _provider.HandedOut)
        {
            foreach (var line in logged)
            {
                Assert.DoesNotContain(Convert.ToHexString(copy), line, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(copy), line, StringComparison.Ordinal);
            }
        }
    }

    private IActorRef KeyActor(TimeSpan masterKeyTimeout) =>
        Sys.ActorOf(KeyEntityActor.Props(_keyId, _masterKey, TimeProvider.System, masterKeyTimeout));

    [Fact]
    public void Material_generated_for_a_key_that_stopped_meanwhile_is_wiped()
    {
        var actor = KeyActor(Wait);

        HoldNextCall(() => actor.Tell(new KeyCommands.CreateKey(_keyId, "gone")));
        StopAndWait(actor);

        ReleasedMaterialIsWipedAndNeverLogged();
    }

    [Fact]
    public void Material_unwrapped_after_the_key_stopped_waiting_for_it_is_wiped()
    {
        var actor = KeyActor(Wait);
        actor.Tell(new KeyCommands.CreateKey(_keyId, "slow"));
        ExpectMsg<KeyReplies.Metadata>(Wait);
        StopAndWait(actor);

        // The restarted key gives up on its unwrap: the answer then goes to an ask that is over.
        HoldNextCall(() => actor = KeyActor(TimeSpan.FromMilliseconds(300)));
        actor.Tell(new KeyCommands.Encrypt(_keyId, [1], null));
        Assert.Equal(KmsErrorCode.KeyUnavailable, ExpectMsg<KeyReplies.Failed>(Wait).Error.Code);

        ReleasedMaterialIsWipedAndNeverLogged();
    }

    [Fact]
    public void Material_of_a_lease_whose_holder_stopped_while_it_was_unwrapped_is_wiped()
    {
        var clock = new FakeTimeProvider();
        var table = new KeyLeaseTable(clock);
        var region = CreateTestProbe("region");
        var leases = Sys.ActorOf(KeyLeaseActor.Props(table, _masterKey, () => region.Ref, TimeSpan.FromSeconds(10), Wait));
        var encrypt = new KeyCommands.Encrypt(_keyId, [1], null);
        // A request the owner served: the holder asks it for a lease.
        AwaitCondition(() =>
        {
            table.Served(encrypt, new KeyReplies.Encrypted(_keyId, [1]));
            return region.HasMessages;
        }, Wait);
        var request = region.ExpectMsg<KeyLeases.Request>(Wait);
        var binding = new KeyWrapBinding(_keyId, 1, KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt);
        var wrapped = _provider.Wrap(binding, RandomNumberGenerator.GetBytes(32));
        var state = new KeyState(_keyId, clock.GetUtcNow(), "", KeyStatus.Enabled,
            [new KeyVersion(1, _provider.Name, wrapped) { WrapFormat = binding.Format }]);

        HoldNextCall(() => leases.Tell(new KeyLeases.Grant(_keyId, request.RequestId, "lease-1", state, TimeSpan.FromSeconds(10))));
        StopAndWait(leases);

        ReleasedMaterialIsWipedAndNeverLogged();
        Assert.Null(table.Find(_keyId));
    }
}
