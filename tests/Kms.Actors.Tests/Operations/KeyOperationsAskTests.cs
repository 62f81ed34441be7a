using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Actors.Persistence;

namespace Kms.Actors.Tests.Operations;

/// <summary>
/// How <see cref="KeyOperations"/> asks a key's region: the reply address the key answers, and what a
/// silent key gets (retries where the command allows them, then KeyUnavailable). A test probe stands in
/// for the region.
/// </summary>
public class KeyOperationsAskTests() : Akka.TestKit.Xunit2.TestKit(KmsTestConfig.Value)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMilliseconds(300);

    private readonly string _keyId = KeyIds.New();

    private KeyReference Key => KeyReference.TryParse(_keyId, out var key) ? key : throw new InvalidOperationException("KeyIds.New made no key id.");

    private (KeyOperations Operations, TestProbe Region) Operations(JournalAvailability? journal = null)
    {
        var region = CreateTestProbe();
        var operations = new KeyOperations(new Required<KeyRegion>(region), new Required<AliasRegion>(CreateTestProbe()),
            new Required<KeyCatalog>(CreateTestProbe()), new KeyOperationsOptions(AskTimeout) { Attempts = 3, Journal = journal });
        return (operations, region);
    }

    /// <summary>A journal known to be down: its database refuses connections, so its probe keeps failing.</summary>
    private static JournalAvailability JournalDown()
    {
        var journal = new JournalAvailability(PersistenceSettings.ForPostgres("Host=127.0.0.1;Port=1;Username=nobody;Timeout=1"));
        journal.ReportFailure(new TimeoutException("the database does not answer"));
        return journal;
    }

    [Fact]
    public async Task While_the_journal_is_down_a_change_is_refused_at_once_without_asking_the_key()
    {
        using var journal = JournalDown();
        var (operations, region) = Operations(journal);

        var created = await operations.CreateKey("x", KeySpec.SymmetricDefault, null);
        var disabled = await operations.DisableKey(Key);

        Assert.Equal(KmsErrorCode.KeyUnavailable, created.Error?.Code);
        Assert.Equal(KmsErrorCode.KeyUnavailable, disabled.Error?.Code);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task While_the_journal_is_down_crypto_and_reads_still_go_to_the_key()
    {
        using var journal = JournalDown();
        var (operations, region) = Operations(journal);

        var encrypting = operations.Encrypt(Key, [1], null);
        region.ExpectMsg<KeyCommands.Encrypt>();
        region.Reply(new KeyReplies.Encrypted(_keyId, [9]));
        Assert.IsType<KeyReplies.Encrypted>((await encrypting).Value);

        var describing = operations.DescribeKey(Key);
        region.ExpectMsg<KeyCommands.DescribeKey>();
        region.Reply(new KeyReplies.Failed(KmsError.NotFound(_keyId)));
        Assert.NotNull((await describing).Error);
    }

    [Fact]
    public async Task The_key_answers_the_reply_address_it_was_sent_with()
    {
        var (operations, region) = Operations();
        var encrypting = operations.Encrypt(Key, [1, 2, 3], null);

        var command = region.ExpectMsg<KeyCommands.Encrypt>();
        Assert.Equal(_keyId, command.KeyId);
        region.Reply(new KeyReplies.Encrypted(_keyId, [9]));

        Assert.Equal([9], Assert.IsType<KeyReplies.Encrypted>((await encrypting).Value).CiphertextBlob);
    }

    [Fact]
    public async Task A_silent_key_is_asked_again_for_a_retry_safe_command_and_a_late_answer_is_dropped()
    {
        var (operations, region) = Operations();
        var encrypting = operations.Encrypt(Key, [1], null);

        region.ExpectMsg<KeyCommands.Encrypt>();
        var first = region.LastSender;
        region.ExpectMsg<KeyCommands.Encrypt>(AskTimeout * 4);
        var second = region.LastSender;
        Assert.NotSame(first, second);

        first.Tell(new KeyReplies.Encrypted(_keyId, [1]));
        second.Tell(new KeyReplies.Encrypted(_keyId, [2]));
        Assert.Equal([2], Assert.IsType<KeyReplies.Encrypted>((await encrypting).Value).CiphertextBlob);
    }

    [Fact]
    public async Task A_silent_key_gives_KeyUnavailable_after_the_last_attempt()
    {
        var (operations, region) = Operations();
        var reply = await operations.Encrypt(Key, [1], null);

        Assert.Equal(KmsErrorCode.KeyUnavailable, reply.Error?.Code);
        Assert.Equal(3, region.ReceiveN(3, TimeSpan.FromSeconds(1)).Count);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_command_that_a_retry_could_repeat_is_sent_once()
    {
        var (operations, region) = Operations();
        var reply = await operations.RotateKeyOnDemand(Key);

        Assert.Equal(KmsErrorCode.KeyUnavailable, reply.Error?.Code);
        region.ExpectMsg<KeyCommands.RotateKeyOnDemand>();
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private sealed class Required<T>(IActorRef actor) : IRequiredActor<T>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }
}
