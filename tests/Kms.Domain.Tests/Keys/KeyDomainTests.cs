namespace Kms.Domain.Tests.Keys;

public class KeyDomainTests
{
    private const string KeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 16, 4, 37, TimeSpan.Zero);
    private static readonly byte[] Wrapped = [1, 2, 3];

    private static KeyState Created(KeySpec spec = KeySpec.SymmetricDefault, IReadOnlyDictionary<string, string>? tags = null) =>
        ((KeyState?)null).Apply(((KeyState?)null).WithMaterial(new KeyCommands.CreateKey(KeyId, "d", spec, tags), Now, "gokms", Wrapped));

    private static KeyState Disabled() => Created().Apply(new KeyEvents.KeyDisabled(KeyId));

    private static KeyState PendingDeletion(int days = 7) =>
        Created().Apply(new KeyEvents.KeyDeletionScheduled(KeyId, Now.AddDays(days), days));

    private static KeyState Destroyed() => PendingDeletion().Apply(new KeyEvents.KeyDestroyed(KeyId, Now.AddDays(7)));

    private static KeyState Hmac() => Created(KeySpec.Hmac256);

    /// <summary>A well-formed blob of one ciphertext byte; Decide reads only its header, so the bytes after it need not decrypt.</summary>
    private static byte[] BlobFor(string keyId, int version)
    {
        var blob = new byte[CiphertextFormat.Overhead(System.Text.Encoding.UTF8.GetByteCount(keyId)) + 1];
        CiphertextFormat.WriteHeader(blob, keyId, version, new byte[CiphertextFormat.SaltSize], new byte[CiphertextFormat.NonceSize]);
        return blob;
    }

    private static KeyDecision Decide(KeyState? state, IKeyCommand command) => state.Decide(command, Now);

    private static KmsErrorCode Rejected(KeyState? state, IKeyCommand command) =>
        Assert.IsType<KeyDecision.Reject>(Decide(state, command)).Error.Code;

    private static IKeyEvent SingleEvent(KeyState? state, IKeyCommand command) =>
        Assert.Single(Assert.IsType<KeyDecision.Change>(Decide(state, command)).Events);

    private static void Unchanged(KeyState? state, IKeyCommand command) =>
        Assert.Empty(Assert.IsType<KeyDecision.Change>(Decide(state, command)).Events);

    public static TheoryData<IKeyCommand> EveryCommandButCreate() => new()
    {
        new KeyCommands.DescribeKey(KeyId),
        new KeyCommands.EnableKey(KeyId),
        new KeyCommands.DisableKey(KeyId),
        new KeyCommands.UpdateKeyDescription(KeyId, "x"),
        new KeyCommands.ScheduleKeyDeletion(KeyId, 7),
        new KeyCommands.CancelKeyDeletion(KeyId),
        new KeyCommands.RotateKeyOnDemand(KeyId),
        new KeyCommands.EnableKeyRotation(KeyId, 365),
        new KeyCommands.DisableKeyRotation(KeyId),
        new KeyCommands.GetKeyRotationStatus(KeyId),
        new KeyCommands.ListKeyRotations(KeyId),
        new KeyCommands.TagResource(KeyId, new Dictionary<string, string> { ["a"] = "b" }),
        new KeyCommands.UntagResource(KeyId, ["a"]),
        new KeyCommands.ListResourceTags(KeyId),
        new KeyCommands.RunDueTasks(KeyId),
        new KeyCommands.Encrypt(KeyId, [1], null),
        new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), null),
        new KeyCommands.GenerateDataKey(KeyId, 32, null),
        new KeyCommands.GenerateMac(KeyId, [1], MacAlgorithm.HmacSha256),
        new KeyCommands.VerifyMac(KeyId, [1], [1], MacAlgorithm.HmacSha256),
    };

    [Fact]
    public void Create_of_a_new_key_asks_for_256_bits_of_material_for_version_one()
    {
        var generate = Assert.IsType<KeyDecision.GenerateMaterial>(Decide(null, new KeyCommands.CreateKey(KeyId, "d")));
        Assert.Equal(1, generate.Version);
        Assert.Equal(32, generate.Bytes);
    }

    [Theory]
    [InlineData(KeySpec.Hmac256, 32)]
    [InlineData(KeySpec.Hmac384, 48)]
    [InlineData(KeySpec.Hmac512, 64)]
    public void HMAC_keys_get_material_of_their_size(KeySpec spec, int bytes)
    {
        Assert.Equal(bytes, Assert.IsType<KeyDecision.GenerateMaterial>(Decide(null, new KeyCommands.CreateKey(KeyId, "d", spec))).Bytes);
        Assert.Equal(KeyUsage.GenerateVerifyMac, Created(spec).Usage);
    }

    [Fact]
    public void Created_key_is_enabled_with_version_one_and_its_tags()
    {
        var state = Created(tags: new Dictionary<string, string> { ["team"] = "payments" });
        Assert.Equal(KeyStatus.Enabled, state.Status);
        Assert.Equal(1, state.CurrentVersion());
        Assert.Equal(Now, state.CreationDate);
        Assert.Equal(KeyUsage.EncryptDecrypt, state.Usage);
        Assert.Equal("payments", state.Tags["team"]);
        Assert.True(state.ToMetadata().Enabled);
    }

    [Fact]
    public void Create_of_an_existing_key_changes_nothing_and_answers_its_metadata()
    {
        var reply = Assert.IsType<KeyDecision.Reply>(Decide(Created(), new KeyCommands.CreateKey(KeyId, "other")));
        Assert.Equal("d", Assert.IsType<KeyReplies.Metadata>(reply.Answer).Key.Description);
    }

    [Fact]
    public void Create_with_a_too_long_description_or_bad_tags_is_refused()
    {
        Assert.Equal(KmsErrorCode.Validation, Rejected(null, new KeyCommands.CreateKey(KeyId, new string('x', KeyLimits.MaxDescriptionLength + 1))));
        Assert.Equal(KmsErrorCode.Tag, Rejected(null, new KeyCommands.CreateKey(KeyId, "d", Tags: new Dictionary<string, string> { ["aws:x"] = "y" })));
    }

    [Theory]
    [MemberData(nameof(EveryCommandButCreate))]
    public void Every_command_but_create_on_a_missing_key_is_NotFound(IKeyCommand command) =>
        Assert.Equal(KmsErrorCode.NotFound, Rejected(null, command));

    [Theory]
    [MemberData(nameof(EveryCommandButCreate))]
    public void Every_command_on_a_destroyed_key_is_NotFound(IKeyCommand command) =>
        Assert.Equal(KmsErrorCode.NotFound, Rejected(Destroyed(), command));

    [Fact]
    public void Create_on_a_destroyed_id_is_NotFound() =>
        Assert.Equal(KmsErrorCode.NotFound, Rejected(Destroyed(), new KeyCommands.CreateKey(KeyId, "again")));

    [Fact]
    public void Disable_and_enable_toggle_the_state_and_are_idempotent()
    {
        var disabled = Created().Apply(Assert.IsType<KeyEvents.KeyDisabled>(SingleEvent(Created(), new KeyCommands.DisableKey(KeyId))));
        Assert.Equal(KeyStatus.Disabled, disabled.Status);
        Unchanged(disabled, new KeyCommands.DisableKey(KeyId));
        var enabled = disabled.Apply(Assert.IsType<KeyEvents.KeyEnabled>(SingleEvent(disabled, new KeyCommands.EnableKey(KeyId))));
        Assert.Equal(KeyStatus.Enabled, enabled.Status);
        Unchanged(enabled, new KeyCommands.EnableKey(KeyId));
    }

    [Fact]
    public void Describe_works_in_every_live_state()
    {
        foreach (var state in new[] { Created(), Disabled(), PendingDeletion() })
            Assert.IsType<KeyDecision.Reply>(Decide(state, new KeyCommands.DescribeKey(KeyId)));
    }

    [Fact]
    public void UpdateKeyDescription_changes_the_description()
    {
        var updated = Created().Apply(SingleEvent(Created(), new KeyCommands.UpdateKeyDescription(KeyId, "new")));
        Assert.Equal("new", updated.Description);
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.UpdateKeyDescription(KeyId, new string('x', 9000))));
    }

    public static TheoryData<IKeyCommand> RefusedWhilePendingDeletion() => new()
    {
        new KeyCommands.EnableKey(KeyId),
        new KeyCommands.DisableKey(KeyId),
        new KeyCommands.UpdateKeyDescription(KeyId, "x"),
        new KeyCommands.ScheduleKeyDeletion(KeyId, 7),
        new KeyCommands.RotateKeyOnDemand(KeyId),
        new KeyCommands.EnableKeyRotation(KeyId, 365),
        new KeyCommands.DisableKeyRotation(KeyId),
        new KeyCommands.Encrypt(KeyId, [1], null),
        new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), null),
        new KeyCommands.GenerateDataKey(KeyId, 32, null),
    };

    [Theory]
    [MemberData(nameof(RefusedWhilePendingDeletion))]
    public void A_key_pending_deletion_refuses_changes_and_crypto_with_KMSInvalidState(IKeyCommand command) =>
        Assert.Equal(KmsErrorCode.InvalidState, Rejected(PendingDeletion(), command));

    [Fact]
    public void ScheduleKeyDeletion_sets_the_deletion_date_from_the_window()
    {
        var scheduled = Assert.IsType<KeyEvents.KeyDeletionScheduled>(SingleEvent(Disabled(), new KeyCommands.ScheduleKeyDeletion(KeyId, 10)));
        Assert.Equal(Now.AddDays(10), scheduled.DeletionDate);
        var state = Disabled().Apply(scheduled);
        Assert.Equal(KeyStatus.PendingDeletion, state.Status);
        Assert.Equal(10, state.PendingDeletionWindowInDays);
        Assert.False(state.ToMetadata().Enabled);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(31)]
    [InlineData(0)]
    public void ScheduleKeyDeletion_outside_7_to_30_days_is_refused(int days) =>
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.ScheduleKeyDeletion(KeyId, days)));

    [Fact]
    public void CancelKeyDeletion_leaves_the_key_disabled_with_no_deletion_date()
    {
        var state = PendingDeletion().Apply(SingleEvent(PendingDeletion(), new KeyCommands.CancelKeyDeletion(KeyId)));
        Assert.Equal(KeyStatus.Disabled, state.Status);
        Assert.Null(state.DeletionDate);
        Assert.Null(state.PendingDeletionWindowInDays);
    }

    [Fact]
    public void CancelKeyDeletion_of_a_key_not_pending_deletion_is_KMSInvalidState() =>
        Assert.Equal(KmsErrorCode.InvalidState, Rejected(Created(), new KeyCommands.CancelKeyDeletion(KeyId)));

    [Fact]
    public void Due_tasks_before_the_deletion_date_change_nothing() =>
        Assert.IsType<KeyDecision.Reply>(PendingDeletion().Decide(new KeyCommands.RunDueTasks(KeyId), Now.AddDays(7).AddTicks(-1)));

    [Fact]
    public void Due_tasks_on_or_after_the_deletion_date_destroy_the_key()
    {
        var state = PendingDeletion();
        var change = Assert.IsType<KeyDecision.Change>(state.Decide(new KeyCommands.RunDueTasks(KeyId), Now.AddDays(7)));
        var destroyed = state.Apply(Assert.IsType<KeyEvents.KeyDestroyed>(Assert.Single(change.Events)));
        Assert.Equal(KeyStatus.Destroyed, destroyed.Status);
        Assert.Empty(destroyed.Versions);
    }

    [Fact]
    public void A_destroyed_key_recovers_from_its_last_event_alone()
    {
        var state = ((KeyState?)null).Apply(new KeyEvents.KeyDestroyed(KeyId, Now));
        Assert.Equal(KeyStatus.Destroyed, state.Status);
        Assert.Empty(state.Versions);
    }

    [Fact]
    public void A_destroyed_key_stays_due_until_the_deletion_of_its_history_is_recorded()
    {
        var destroyed = Destroyed();
        Assert.False(destroyed.HistoryDeleted);
        Assert.Equal(Now.AddDays(7), destroyed.NextDueDate());

        var shredded = destroyed.Apply(new KeyEvents.KeyHistoryDeleted(KeyId));
        Assert.True(shredded.HistoryDeleted);
        Assert.Equal(KeyStatus.Destroyed, shredded.Status);
        Assert.Null(shredded.NextDueDate());
        Assert.Throws<InvalidOperationException>(() => PendingDeletion().Apply(new KeyEvents.KeyHistoryDeleted(KeyId)));
    }

    [Fact]
    public void RotateKeyOnDemand_asks_for_the_next_version_and_new_encryptions_use_it()
    {
        var generate = Assert.IsType<KeyDecision.GenerateMaterial>(Decide(Created(), new KeyCommands.RotateKeyOnDemand(KeyId)));
        Assert.Equal(2, generate.Version);
        var rotated = Created().Apply(Created().WithMaterial(new KeyCommands.RotateKeyOnDemand(KeyId), Now, "gokms", [9]));
        Assert.Equal(2, rotated.CurrentVersion());
        Assert.Equal(2, Assert.IsType<KeyDecision.UseVersion>(Decide(rotated, new KeyCommands.Encrypt(KeyId, [1], null))).Version);
    }

    [Fact]
    public void Old_versions_still_decrypt_after_rotation()
    {
        var rotated = Created().Apply(Created().WithMaterial(new KeyCommands.RotateKeyOnDemand(KeyId), Now, "gokms", [9]));
        Assert.Equal(1, Assert.IsType<KeyDecision.UseVersion>(Decide(rotated, new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), null))).Version);
        Assert.Equal(2, Assert.IsType<KeyDecision.UseVersion>(Decide(rotated, new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 2), null))).Version);
    }

    [Fact]
    public void Decrypt_hands_on_the_blob_it_parsed()
    {
        var blob = BlobFor(KeyId, 1);
        var use = Assert.IsType<KeyDecision.UseVersion>(Decide(Created(), new KeyCommands.Decrypt(KeyId, blob, null)));
        var parsed = Assert.NotNull(use.Ciphertext);
        Assert.Equal((KeyId, 1), (parsed.KeyId, parsed.KeyVersion));
        Assert.True(parsed.Tag.Span.SequenceEqual(blob.AsSpan(blob.Length - CiphertextFormat.TagSize)));
    }

    [Fact]
    public void On_demand_rotations_are_limited_to_ten()
    {
        var state = Created();
        for (var i = 0; i < KeyLimits.MaxOnDemandRotations; i++)
            state = state.Apply(state.WithMaterial(new KeyCommands.RotateKeyOnDemand(KeyId), Now, "gokms", [9]));
        Assert.Equal(KmsErrorCode.LimitExceeded, Rejected(state, new KeyCommands.RotateKeyOnDemand(KeyId)));
    }

    [Fact]
    public void Rotation_of_a_disabled_key_is_DisabledException()
    {
        Assert.Equal(KmsErrorCode.Disabled, Rejected(Disabled(), new KeyCommands.RotateKeyOnDemand(KeyId)));
        Assert.Equal(KmsErrorCode.Disabled, Rejected(Disabled(), new KeyCommands.EnableKeyRotation(KeyId, 365)));
    }

    public static TheoryData<IKeyCommand> RotationCommands() => new()
    {
        new KeyCommands.RotateKeyOnDemand(KeyId),
        new KeyCommands.EnableKeyRotation(KeyId, 365),
        new KeyCommands.DisableKeyRotation(KeyId),
        new KeyCommands.GetKeyRotationStatus(KeyId),
        new KeyCommands.ListKeyRotations(KeyId),
    };

    [Theory]
    [MemberData(nameof(RotationCommands))]
    public void HMAC_keys_do_not_rotate(IKeyCommand command) =>
        Assert.Equal(KmsErrorCode.UnsupportedOperation, Rejected(Hmac(), command));

    [Theory]
    [InlineData(89)]
    [InlineData(2561)]
    public void Rotation_periods_outside_90_to_2560_days_are_refused(int days) =>
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.EnableKeyRotation(KeyId, days)));

    [Fact]
    public void EnableKeyRotation_schedules_the_next_rotation_and_status_reports_it()
    {
        var enabled = Created().Apply(SingleEvent(Created(), new KeyCommands.EnableKeyRotation(KeyId, 90)));
        Assert.Equal(Now.AddDays(90), enabled.NextRotationDate);
        var status = Assert.IsType<KeyReplies.RotationStatus>(Assert.IsType<KeyDecision.Reply>(Decide(enabled, new KeyCommands.GetKeyRotationStatus(KeyId))).Answer);
        Assert.True(status.Enabled);
        Assert.Equal(90, status.RotationPeriodInDays);
        Unchanged(enabled, new KeyCommands.EnableKeyRotation(KeyId, 90));
    }

    [Fact]
    public void DisableKeyRotation_clears_the_schedule()
    {
        var enabled = Created().Apply(SingleEvent(Created(), new KeyCommands.EnableKeyRotation(KeyId, 90)));
        var disabled = enabled.Apply(SingleEvent(enabled, new KeyCommands.DisableKeyRotation(KeyId)));
        Assert.Null(disabled.NextRotationDate);
        Assert.Null(disabled.NextDueDate());
        Unchanged(disabled, new KeyCommands.DisableKeyRotation(KeyId));
    }

    [Fact]
    public void Automatic_rotation_fires_when_due_and_schedules_the_next_one()
    {
        var enabled = Created().Apply(SingleEvent(Created(), new KeyCommands.EnableKeyRotation(KeyId, 100)));
        var due = Now.AddDays(100);
        Assert.IsType<KeyDecision.Reply>(enabled.Decide(new KeyCommands.RunDueTasks(KeyId), due.AddTicks(-1)));
        var generate = Assert.IsType<KeyDecision.GenerateMaterial>(enabled.Decide(new KeyCommands.RunDueTasks(KeyId), due));
        Assert.Equal(2, generate.Version);

        var rotated = Assert.IsType<KeyEvents.KeyRotated>(enabled.WithMaterial(new KeyCommands.RunDueTasks(KeyId), due, "gokms", [7]));
        Assert.Equal(RotationType.Automatic, rotated.RotationType);
        var state = enabled.Apply(rotated);
        Assert.Equal(due.AddDays(100), state.NextRotationDate);
        Assert.IsType<KeyDecision.Reply>(state.Decide(new KeyCommands.RunDueTasks(KeyId), due));
    }

    [Fact]
    public void A_disabled_key_is_not_rotated_automatically()
    {
        var enabled = Created().Apply(SingleEvent(Created(), new KeyCommands.EnableKeyRotation(KeyId, 100)));
        var disabled = enabled.Apply(new KeyEvents.KeyDisabled(KeyId));
        Assert.Null(disabled.NextDueDate());
        Assert.IsType<KeyDecision.Reply>(disabled.Decide(new KeyCommands.RunDueTasks(KeyId), Now.AddDays(500)));
    }

    [Fact]
    public void ListKeyRotations_lists_rotated_versions_with_their_type()
    {
        var state = Created();
        state = state.Apply(state.WithMaterial(new KeyCommands.RotateKeyOnDemand(KeyId), Now.AddDays(1), "gokms", [9]));
        var rotations = Assert.IsType<KeyReplies.Rotations>(Assert.IsType<KeyDecision.Reply>(Decide(state, new KeyCommands.ListKeyRotations(KeyId))).Answer);
        var only = Assert.Single(rotations.Items);
        Assert.Equal(RotationType.OnDemand, only.RotationType);
        Assert.Equal(Now.AddDays(1), only.RotationDate);
    }

    [Fact]
    public void Tags_are_added_overwritten_and_removed()
    {
        var tagged = Created().Apply(SingleEvent(Created(), new KeyCommands.TagResource(KeyId, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" })));
        tagged = tagged.Apply(SingleEvent(tagged, new KeyCommands.TagResource(KeyId, new Dictionary<string, string> { ["a"] = "3" })));
        Assert.Equal("3", tagged.Tags["a"]);
        Unchanged(tagged, new KeyCommands.TagResource(KeyId, new Dictionary<string, string> { ["a"] = "3" }));
        var untagged = tagged.Apply(SingleEvent(tagged, new KeyCommands.UntagResource(KeyId, ["a", "missing"])));
        Assert.Equal(["b"], untagged.Tags.Keys);
        Unchanged(untagged, new KeyCommands.UntagResource(KeyId, ["missing"]));
    }

    [Fact]
    public void Invalid_tags_are_TagExceptions_and_too_many_are_LimitExceeded()
    {
        Assert.Equal(KmsErrorCode.Tag, Rejected(Created(), new KeyCommands.TagResource(KeyId, new Dictionary<string, string> { [""] = "x" })));
        Assert.Equal(KmsErrorCode.Tag, Rejected(Created(), new KeyCommands.TagResource(KeyId, new Dictionary<string, string> { ["k"] = new string('v', 257) })));
        Assert.Equal(KmsErrorCode.Tag, Rejected(Created(), new KeyCommands.TagResource(KeyId, new Dictionary<string, string>())));
        var many = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v");
        Assert.Equal(KmsErrorCode.LimitExceeded, Rejected(Created(), new KeyCommands.TagResource(KeyId, many)));
    }

    public static TheoryData<IKeyCommand> CryptoCommands() => new()
    {
        new KeyCommands.Encrypt(KeyId, [1], null),
        new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), null),
        new KeyCommands.GenerateDataKey(KeyId, 32, null),
    };

    [Theory]
    [MemberData(nameof(CryptoCommands))]
    public void Crypto_on_a_disabled_key_is_refused_as_Disabled(IKeyCommand command) =>
        Assert.Equal(KmsErrorCode.Disabled, Rejected(Disabled(), command));

    [Theory]
    [MemberData(nameof(CryptoCommands))]
    public void Encryption_with_an_HMAC_key_is_InvalidKeyUsage(IKeyCommand command) =>
        Assert.Equal(KmsErrorCode.InvalidKeyUsage, Rejected(Hmac(), command));

    [Fact]
    public void MAC_with_an_encryption_key_or_the_wrong_algorithm_is_InvalidKeyUsage()
    {
        Assert.Equal(KmsErrorCode.InvalidKeyUsage, Rejected(Created(), new KeyCommands.GenerateMac(KeyId, [1], MacAlgorithm.HmacSha256)));
        Assert.Equal(KmsErrorCode.InvalidKeyUsage, Rejected(Hmac(), new KeyCommands.GenerateMac(KeyId, [1], MacAlgorithm.HmacSha512)));
        Assert.IsType<KeyDecision.UseVersion>(Decide(Hmac(), new KeyCommands.GenerateMac(KeyId, [1], MacAlgorithm.HmacSha256)));
        Assert.Equal(KmsErrorCode.Validation, Rejected(Hmac(), new KeyCommands.VerifyMac(KeyId, [], [1], MacAlgorithm.HmacSha256)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(KeyLimits.MaxPlaintextBytes + 1)]
    public void Encrypt_of_a_plaintext_out_of_bounds_is_refused(int size) =>
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.Encrypt(KeyId, new byte[size], null)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(KeyLimits.MaxDataKeyBytes + 1)]
    public void Data_key_sizes_out_of_bounds_are_refused(int size) =>
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.GenerateDataKey(KeyId, size, null)));

    [Fact]
    public void Decrypt_of_a_blob_for_another_key_an_unknown_version_or_garbage_is_InvalidCiphertext()
    {
        Assert.Equal(KmsErrorCode.InvalidCiphertext, Rejected(Created(), new KeyCommands.Decrypt(KeyId, BlobFor("11111111-2222-4333-8444-555555555555", 1), null)));
        Assert.Equal(KmsErrorCode.InvalidCiphertext, Rejected(Created(), new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 7), null)));
        Assert.Equal(KmsErrorCode.InvalidCiphertext, Rejected(Created(), new KeyCommands.Decrypt(KeyId, [1, 2, 3], null)));
    }

    [Fact]
    public void A_null_value_in_the_encryption_context_is_a_ValidationException()
    {
        var context = new Dictionary<string, string> { ["purpose"] = null! };
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.Encrypt(KeyId, [1], context)));
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.Decrypt(KeyId, BlobFor(KeyId, 1), context)));
        Assert.Equal(KmsErrorCode.Validation, Rejected(Created(), new KeyCommands.GenerateDataKey(KeyId, 32, context)));
    }

    [Fact]
    public void An_event_for_a_key_that_does_not_exist_cannot_be_applied()
    {
        Assert.Throws<InvalidOperationException>(() => ((KeyState?)null).Apply(new KeyEvents.KeyEnabled(KeyId)));
        Assert.Throws<InvalidOperationException>(() => Destroyed().Apply(new KeyEvents.KeyEnabled(KeyId)));
    }

    [Fact]
    public void Only_deletion_and_automatic_rotation_make_a_key_due()
    {
        Assert.Null(Created().NextDueDate());
        Assert.Equal(Now.AddDays(7), PendingDeletion().NextDueDate());
    }

    [Fact]
    public void Rewrap_moves_only_versions_of_another_provider_and_keeps_their_numbers()
    {
        var state = Created();
        state = state.Apply(state.WithMaterial(new KeyCommands.RotateKeyOnDemand(KeyId), Now, "hsm", [8]));
        var rewrap = Assert.IsType<KeyDecision.Rewrap>(Decide(state, new KeyCommands.RewrapMaterial(KeyId, "hsm")));
        Assert.Equal([1], rewrap.Versions.Select(v => v.Version));

        var moved = state.Apply(new KeyEvents.KeyMaterialRewrapped(KeyId, 1, "hsm", [7]));
        Assert.All(moved.Versions, v => Assert.Equal("hsm", v.Provider));
        Assert.Equal(new byte[] { 7 }, moved.Versions[0].WrappedMaterial);
        Assert.IsType<KeyDecision.Reply>(Decide(moved, new KeyCommands.RewrapMaterial(KeyId, "hsm")));
    }

    [Fact]
    public void A_key_pending_deletion_is_not_rewrapped()
    {
        Assert.Equal(KmsErrorCode.InvalidState, Rejected(PendingDeletion(), new KeyCommands.RewrapMaterial(KeyId, "hsm")));
    }
}
