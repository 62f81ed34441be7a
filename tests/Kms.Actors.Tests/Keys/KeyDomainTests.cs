using Kms.Actors.Crypto;
using Kms.Actors.Keys;

namespace Kms.Actors.Tests.Keys;

public class KeyDomainTests
{
    private const string KeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 16, 4, 37, TimeSpan.Zero);
    private static readonly byte[] Wrapped = [1, 2, 3];

    private static KeyState Created() =>
        ((KeyState?)null).Apply(KeyDomain.Create(new KeyCommands.CreateKey(KeyId, "d"), Now, "gokms", Wrapped));

    private static KeyState Disabled() => Created().Apply(new KeyEvents.KeyDisabled(KeyId));

    private static byte[] BlobFor(string keyId, int version) =>
        DataCipher.Encrypt(new byte[32], keyId, version, [42], null);

    [Fact]
    public void Create_of_a_new_key_asks_for_material()
    {
        Assert.IsType<KeyDecision.GenerateMaterial>(((KeyState?)null).Decide(new KeyCommands.CreateKey(KeyId, "d")));
    }

    [Fact]
    public void Created_key_is_enabled_with_version_one()
    {
        var state = Created();
        Assert.Equal(KeyStatus.Enabled, state.Status);
        Assert.Equal(1, state.CurrentVersion());
        Assert.Equal(Now, state.CreationDate);
        Assert.Equal("d", state.Description);
        Assert.True(state.ToMetadata().Enabled);
    }

    [Fact]
    public void Create_of_an_existing_key_changes_nothing()
    {
        Assert.IsType<KeyDecision.Describe>(Created().Decide(new KeyCommands.CreateKey(KeyId, "other")));
    }

    [Fact]
    public void Create_with_a_too_long_description_is_refused()
    {
        var decision = ((KeyState?)null).Decide(new KeyCommands.CreateKey(KeyId, new string('x', KeyLimits.MaxDescriptionLength + 1)));
        Assert.Equal(KmsErrorCode.Validation, Assert.IsType<KeyDecision.Reject>(decision).Error.Code);
    }

    public static TheoryData<IKeyCommand> CommandsOnAMissingKey() => new()
    {
        new KeyCommands.DescribeKey(KeyId),
        new KeyCommands.EnableKey(KeyId),
        new KeyCommands.DisableKey(KeyId),
        new KeyCommands.Encrypt(KeyId, [1], null),
        new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), null),
        new KeyCommands.GenerateDataKey(KeyId, 32, null),
    };

    [Theory]
    [MemberData(nameof(CommandsOnAMissingKey))]
    public void Every_command_but_create_on_a_missing_key_is_NotFound(IKeyCommand command)
    {
        var reject = Assert.IsType<KeyDecision.Reject>(((KeyState?)null).Decide(command));
        Assert.Equal(KmsErrorCode.NotFound, reject.Error.Code);
    }

    [Fact]
    public void Disable_of_an_enabled_key_produces_KeyDisabled()
    {
        var change = Assert.IsType<KeyDecision.Change>(Created().Decide(new KeyCommands.DisableKey(KeyId)));
        Assert.IsType<KeyEvents.KeyDisabled>(Assert.Single(change.Events));
    }

    [Fact]
    public void Disable_and_enable_are_idempotent()
    {
        Assert.Empty(Assert.IsType<KeyDecision.Change>(Disabled().Decide(new KeyCommands.DisableKey(KeyId))).Events);
        Assert.Empty(Assert.IsType<KeyDecision.Change>(Created().Decide(new KeyCommands.EnableKey(KeyId))).Events);
    }

    [Fact]
    public void Enable_of_a_disabled_key_produces_KeyEnabled_and_enables_it()
    {
        var change = Assert.IsType<KeyDecision.Change>(Disabled().Decide(new KeyCommands.EnableKey(KeyId)));
        var state = Disabled().Apply(Assert.Single(change.Events));
        Assert.Equal(KeyStatus.Enabled, state.Status);
    }

    [Fact]
    public void Encrypt_and_data_keys_on_an_enabled_key_use_the_current_version()
    {
        Assert.Equal(1, Assert.IsType<KeyDecision.UseVersion>(Created().Decide(new KeyCommands.Encrypt(KeyId, [1], null))).Version);
        Assert.Equal(1, Assert.IsType<KeyDecision.UseVersion>(Created().Decide(new KeyCommands.GenerateDataKey(KeyId, 32, null))).Version);
    }

    public static TheoryData<IKeyCommand> CryptoCommands() => new()
    {
        new KeyCommands.Encrypt(KeyId, [1], null),
        new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), null),
        new KeyCommands.GenerateDataKey(KeyId, 32, null),
    };

    [Theory]
    [MemberData(nameof(CryptoCommands))]
    public void Crypto_on_a_disabled_key_is_refused_as_Disabled(IKeyCommand command)
    {
        Assert.Equal(KmsErrorCode.Disabled, Assert.IsType<KeyDecision.Reject>(Disabled().Decide(command)).Error.Code);
    }

    [Fact]
    public void Describe_works_on_a_disabled_key()
    {
        Assert.IsType<KeyDecision.Describe>(Disabled().Decide(new KeyCommands.DescribeKey(KeyId)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(KeyLimits.MaxPlaintextBytes + 1)]
    public void Encrypt_of_a_plaintext_out_of_bounds_is_refused(int size)
    {
        var reject = Assert.IsType<KeyDecision.Reject>(Created().Decide(new KeyCommands.Encrypt(KeyId, new byte[size], null)));
        Assert.Equal(KmsErrorCode.Validation, reject.Error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(KeyLimits.MaxDataKeyBytes + 1)]
    public void Data_key_sizes_out_of_bounds_are_refused(int size)
    {
        var reject = Assert.IsType<KeyDecision.Reject>(Created().Decide(new KeyCommands.GenerateDataKey(KeyId, size, null)));
        Assert.Equal(KmsErrorCode.Validation, reject.Error.Code);
    }

    [Fact]
    public void Decrypt_of_a_blob_for_another_key_is_InvalidCiphertext()
    {
        var blob = BlobFor("11111111-2222-4333-8444-555555555555", 1);
        var reject = Assert.IsType<KeyDecision.Reject>(Created().Decide(new KeyCommands.Decrypt(KeyId, blob, null)));
        Assert.Equal(KmsErrorCode.InvalidCiphertext, reject.Error.Code);
    }

    [Fact]
    public void Decrypt_of_a_blob_naming_an_unknown_version_is_InvalidCiphertext()
    {
        var reject = Assert.IsType<KeyDecision.Reject>(Created().Decide(new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 7), null)));
        Assert.Equal(KmsErrorCode.InvalidCiphertext, reject.Error.Code);
    }

    [Fact]
    public void Decrypt_of_garbage_is_InvalidCiphertext()
    {
        var reject = Assert.IsType<KeyDecision.Reject>(Created().Decide(new KeyCommands.Decrypt(KeyId, [1, 2, 3], null)));
        Assert.Equal(KmsErrorCode.InvalidCiphertext, reject.Error.Code);
    }

    [Fact]
    public void An_event_before_creation_cannot_be_applied()
    {
        Assert.Throws<InvalidOperationException>(() => ((KeyState?)null).Apply(new KeyEvents.KeyEnabled(KeyId)));
    }

    [Fact]
    public void A_null_value_in_the_encryption_context_is_a_ValidationException()
    {
        var context = new Dictionary<string, string> { ["purpose"] = null! };
        foreach (IKeyCommand command in new IKeyCommand[]
                 {
                     new KeyCommands.Encrypt(KeyId, [1], context),
                     new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), context),
                     new KeyCommands.GenerateDataKey(KeyId, 32, context),
                 })
        {
            Assert.Equal(KmsErrorCode.Validation, Assert.IsType<KeyDecision.Reject>(Created().Decide(command)).Error.Code);
        }
    }
}
