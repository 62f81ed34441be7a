using Kms.Domain.Ciphertexts;

namespace Kms.Domain.Keys;

/// <summary>
/// The pure rules of a key: which commands are allowed in which state, which events they produce, and
/// how events change the state. No actors or randomness here; time comes in as <c>now</c>.
/// </summary>
public static class KeyDomain
{
    public static KeyDecision Decide(this KeyState? state, IKeyCommand command, DateTimeOffset now)
    {
        if (state is null || state.Status == KeyStatus.Destroyed)
        {
            return state is null && command is KeyCommands.CreateKey create
                ? ValidateCreate(create) ?? new KeyDecision.GenerateMaterial(1, create.Spec.MaterialBytes())
                : Reject(KmsError.NotFound(command.KeyId));
        }

        return command switch
        {
            KeyCommands.CreateKey or KeyCommands.DescribeKey => Describe(state),
            KeyCommands.EnableKey => NotPendingDeletion(state, "EnableKey") ?? Change(state.Status == KeyStatus.Enabled ? [] : [new KeyEvents.KeyEnabled(state.KeyId)]),
            KeyCommands.DisableKey => NotPendingDeletion(state, "DisableKey") ?? Change(state.Status == KeyStatus.Disabled ? [] : [new KeyEvents.KeyDisabled(state.KeyId)]),
            KeyCommands.UpdateKeyDescription update => NotPendingDeletion(state, "UpdateKeyDescription") ?? ValidateDescription(update.Description)
                ?? Change([new KeyEvents.KeyDescriptionUpdated(state.KeyId, update.Description)]),
            KeyCommands.ScheduleKeyDeletion schedule => DecideScheduleDeletion(state, schedule, now),
            KeyCommands.CancelKeyDeletion => state.Status == KeyStatus.PendingDeletion
                ? Change([new KeyEvents.KeyDeletionCancelled(state.KeyId)])
                : Reject(KmsError.InvalidState(state.KeyId, state.Status.ToString(), "CancelKeyDeletion")),
            KeyCommands.RotateKeyOnDemand => DecideRotateOnDemand(state),
            KeyCommands.EnableKeyRotation enable => DecideEnableRotation(state, enable, now),
            KeyCommands.DisableKeyRotation => RotatableNow(state, "DisableKeyRotation")
                ?? Change(state.NextRotationDate is null ? [] : [new KeyEvents.KeyRotationDisabled(state.KeyId)]),
            KeyCommands.GetKeyRotationStatus => Symmetric(state, "GetKeyRotationStatus")
                ?? new KeyDecision.Reply(new KeyReplies.RotationStatus(state.KeyId, state.NextRotationDate is not null, state.RotationPeriodInDays, state.NextRotationDate)),
            KeyCommands.ListKeyRotations => Symmetric(state, "ListKeyRotations")
                ?? new KeyDecision.Reply(new KeyReplies.Rotations(state.KeyId, state.Versions
                    .Where(v => v.RotationDate is not null)
                    .Select(v => new KeyReplies.Rotation(v.Version, v.RotationDate!.Value, v.RotationType ?? RotationType.OnDemand))
                    .ToList())),
            KeyCommands.TagResource tag => ValidateTags(tag.Tags) ?? DecideTag(state, tag),
            KeyCommands.UntagResource untag => untag.TagKeys.Count == 0
                ? Reject(new KmsError(KmsErrorCode.Tag, "TagKeys must name at least one tag."))
                : Change(untag.TagKeys.Any(state.Tags.ContainsKey) ? [new KeyEvents.KeyUntagged(state.KeyId, untag.TagKeys.Distinct().ToList())] : []),
            KeyCommands.ListResourceTags => new KeyDecision.Reply(new KeyReplies.Tags(state.KeyId, state.Tags)),
            KeyCommands.RunDueTasks => DecideDueTasks(state, now),
            KeyCommands.RewrapMaterial rewrap => DecideRewrap(state, rewrap),
            KeyCommands.Encrypt encrypt => ValidateContext(encrypt.EncryptionContext) ?? ValidatePlaintext(encrypt.Plaintext)
                ?? Usable(state, KeyUsage.EncryptDecrypt) ?? new KeyDecision.UseVersion(state.CurrentVersion()),
            KeyCommands.GenerateDataKey dataKey => ValidateContext(dataKey.EncryptionContext) ?? ValidateDataKeySize(dataKey.NumberOfBytes)
                ?? Usable(state, KeyUsage.EncryptDecrypt) ?? new KeyDecision.UseVersion(state.CurrentVersion()),
            KeyCommands.Decrypt decrypt => ValidateContext(decrypt.EncryptionContext) ?? DecideDecrypt(state, decrypt),
            KeyCommands.GenerateMac mac => ValidateMessage(mac.Message) ?? DecideMac(state, mac.Algorithm),
            KeyCommands.VerifyMac verify => ValidateMessage(verify.Message) ?? DecideMac(state, verify.Algorithm),
            _ => Reject(KmsError.Validation($"Unsupported command {command.GetType().Name}.")),
        };
    }

    /// <summary>The event for a command that needed fresh material (<see cref="KeyDecision.GenerateMaterial"/>).</summary>
    public static IKeyEvent WithMaterial(this KeyState? state, IKeyCommand command, DateTimeOffset now, string provider, byte[] wrapped) =>
        (state, command) switch
        {
            (null, KeyCommands.CreateKey create) => new KeyEvents.KeyCreated(create.KeyId, now, create.Description, provider, wrapped)
            {
                Usage = create.Spec.Usage(),
                Spec = create.Spec,
                Tags = create.Tags ?? new Dictionary<string, string>(),
                WrapFormat = KeyWrapBinding.CurrentFormat,
            },
            ({ } existing, KeyCommands.RotateKeyOnDemand) => new KeyEvents.KeyRotated(
                existing.KeyId, existing.CurrentVersion() + 1, provider, wrapped, now, RotationType.OnDemand, existing.NextRotationDate)
            {
                WrapFormat = KeyWrapBinding.CurrentFormat,
            },
            ({ } existing, KeyCommands.RunDueTasks) => new KeyEvents.KeyRotated(
                existing.KeyId, existing.CurrentVersion() + 1, provider, wrapped, now, RotationType.Automatic,
                now.AddDays(existing.RotationPeriodInDays ?? KeyLimits.DefaultRotationPeriodDays))
            {
                WrapFormat = KeyWrapBinding.CurrentFormat,
            },
            _ => throw new InvalidOperationException($"{command.GetType().Name} does not create key material."),
        };

    /// <summary>What the material of a new version is wrapped for: the key's spec and usage, or, for a key being created, the requested ones.</summary>
    public static KeyWrapBinding WrapBindingFor(this KeyState? state, IKeyCommand command, int version) => (state, command) switch
    {
        (null, KeyCommands.CreateKey create) => new KeyWrapBinding(create.KeyId, version, create.Spec, create.Spec.Usage()),
        ({ } existing, _) => new KeyWrapBinding(existing.KeyId, version, existing.Spec, existing.Usage),
        _ => throw new InvalidOperationException($"{command.GetType().Name} does not create key material."),
    };

    public static KeyState Apply(this KeyState? state, IKeyEvent @event) => @event switch
    {
        KeyEvents.KeyCreated created => new KeyState(
            created.KeyId, created.CreationDate, created.Description, KeyStatus.Enabled,
            [new KeyVersion(1, created.Provider, created.WrappedMaterial) { WrapFormat = created.WrapFormat }])
        {
            Usage = created.Usage ?? KeyUsage.EncryptDecrypt,
            Spec = created.Spec ?? KeySpec.SymmetricDefault,
            Tags = created.Tags ?? new Dictionary<string, string>(),
        },
        KeyEvents.KeyEnabled => Existing(state, @event) with { Status = KeyStatus.Enabled },
        KeyEvents.KeyDisabled => Existing(state, @event) with { Status = KeyStatus.Disabled },
        KeyEvents.KeyDescriptionUpdated updated => Existing(state, @event) with { Description = updated.Description },
        KeyEvents.KeyDeletionScheduled scheduled => Existing(state, @event) with
        {
            Status = KeyStatus.PendingDeletion,
            DeletionDate = scheduled.DeletionDate,
            PendingDeletionWindowInDays = scheduled.PendingWindowInDays,
        },
        KeyEvents.KeyDeletionCancelled => Existing(state, @event) with
        {
            Status = KeyStatus.Disabled,
            DeletionDate = null,
            PendingDeletionWindowInDays = null,
        },
        // After destruction the earlier events are gone from the journal, so this may be the only event replayed.
        KeyEvents.KeyDestroyed destroyed => new KeyState(destroyed.KeyId, state?.CreationDate ?? default, "", KeyStatus.Destroyed, [])
        {
            DeletionDate = destroyed.DestroyedAt,
        },
        KeyEvents.KeyHistoryDeleted => state is { Status: KeyStatus.Destroyed }
            ? state with { HistoryDeleted = true }
            : throw new InvalidOperationException($"KeyHistoryDeleted for key {@event.KeyId}, which is not destroyed."),
        KeyEvents.KeyRotated rotated => Existing(state, @event) with
        {
            Versions = [.. Existing(state, @event).Versions, new KeyVersion(rotated.Version, rotated.Provider, rotated.WrappedMaterial)
            {
                RotationDate = rotated.RotationDate,
                RotationType = rotated.RotationType,
                WrapFormat = rotated.WrapFormat,
            }],
            NextRotationDate = rotated.NextRotationDate,
        },
        KeyEvents.KeyRotationEnabled enabled => Existing(state, @event) with
        {
            RotationPeriodInDays = enabled.RotationPeriodInDays,
            NextRotationDate = enabled.NextRotationDate,
        },
        KeyEvents.KeyRotationDisabled => Existing(state, @event) with { NextRotationDate = null },
        KeyEvents.KeyMaterialRewrapped rewrapped => Existing(state, @event) with
        {
            Versions = Existing(state, @event).Versions
                .Select(v => v.Version == rewrapped.Version ? v with { Provider = rewrapped.Provider, WrappedMaterial = rewrapped.WrappedMaterial, WrapFormat = rewrapped.WrapFormat } : v)
                .ToList(),
        },
        KeyEvents.KeyTagged tagged => Existing(state, @event) with
        {
            Tags = Existing(state, @event).Tags.Concat(tagged.Tags).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        },
        KeyEvents.KeyUntagged untagged => Existing(state, @event) with
        {
            Tags = Existing(state, @event).Tags.Where(p => !untagged.TagKeys.Contains(p.Key)).ToDictionary(),
        },
        _ => throw new InvalidOperationException($"Unknown key event {@event.GetType().Name}."),
    };

    /// <summary>
    /// When this key next needs its actor without anyone asking: its deletion, its automatic rotation, or, once
    /// destroyed, deleting its history until that is done (a key that starts destroyed deletes it again).
    /// </summary>
    public static DateTimeOffset? NextDueDate(this KeyState state) => state.Status switch
    {
        KeyStatus.PendingDeletion => state.DeletionDate,
        KeyStatus.Destroyed => state.HistoryDeleted ? null : state.DeletionDate ?? DateTimeOffset.MinValue,
        KeyStatus.Enabled => state.Usage == KeyUsage.EncryptDecrypt ? state.NextRotationDate : null,
        _ => null,
    };

    private static KeyState Existing(KeyState? state, IKeyEvent @event) =>
        state is { Status: not KeyStatus.Destroyed }
            ? state
            : throw new InvalidOperationException($"{@event.GetType().Name} for key {@event.KeyId}, which does not exist.");

    private static KeyDecision Reject(KmsError error) => new KeyDecision.Reject(error);

    private static KeyDecision Change(IKeyEvent[] events) => new KeyDecision.Change(events);

    private static KeyDecision Describe(KeyState state) => new KeyDecision.Reply(new KeyReplies.Metadata(state.ToMetadata()));

    private static KeyDecision DecideScheduleDeletion(KeyState state, KeyCommands.ScheduleKeyDeletion schedule, DateTimeOffset now)
    {
        if (schedule.PendingWindowInDays is < KeyLimits.MinPendingWindowDays or > KeyLimits.MaxPendingWindowDays)
            return Reject(KmsError.Validation($"PendingWindowInDays must be {KeyLimits.MinPendingWindowDays} to {KeyLimits.MaxPendingWindowDays}."));
        if (state.Status == KeyStatus.PendingDeletion)
            return Reject(KmsError.InvalidState(state.KeyId, "PendingDeletion", "ScheduleKeyDeletion"));
        return Change([new KeyEvents.KeyDeletionScheduled(state.KeyId, now.AddDays(schedule.PendingWindowInDays), schedule.PendingWindowInDays)]);
    }

    private static KeyDecision DecideRotateOnDemand(KeyState state)
    {
        if (Symmetric(state, "RotateKeyOnDemand") is { } unsupported) return unsupported;
        if (state.Status == KeyStatus.Disabled) return Reject(KmsError.Disabled(state.KeyId));
        if (NotPendingDeletion(state, "RotateKeyOnDemand") is { } pending) return pending;
        if (state.Versions.Count(v => v.RotationType == RotationType.OnDemand) >= KeyLimits.MaxOnDemandRotations)
            return Reject(new KmsError(KmsErrorCode.LimitExceeded, $"A key can be rotated on demand at most {KeyLimits.MaxOnDemandRotations} times."));
        return new KeyDecision.GenerateMaterial(state.CurrentVersion() + 1, state.Spec.MaterialBytes());
    }

    private static KeyDecision DecideEnableRotation(KeyState state, KeyCommands.EnableKeyRotation enable, DateTimeOffset now)
    {
        if (enable.RotationPeriodInDays is < KeyLimits.MinRotationPeriodDays or > KeyLimits.MaxRotationPeriodDays)
            return Reject(KmsError.Validation($"RotationPeriodInDays must be {KeyLimits.MinRotationPeriodDays} to {KeyLimits.MaxRotationPeriodDays}."));
        if (RotatableNow(state, "EnableKeyRotation") is { } refused) return refused;
        if (state.NextRotationDate is not null && state.RotationPeriodInDays == enable.RotationPeriodInDays) return Change([]);
        return Change([new KeyEvents.KeyRotationEnabled(state.KeyId, enable.RotationPeriodInDays, now.AddDays(enable.RotationPeriodInDays))]);
    }

    private static KeyDecision DecideDueTasks(KeyState state, DateTimeOffset now)
    {
        if (state.Status == KeyStatus.PendingDeletion && state.DeletionDate <= now)
            return Change([new KeyEvents.KeyDestroyed(state.KeyId, now)]);
        if (state.Status == KeyStatus.Enabled && state.Usage == KeyUsage.EncryptDecrypt && state.NextRotationDate <= now)
            return new KeyDecision.GenerateMaterial(state.CurrentVersion() + 1, state.Spec.MaterialBytes());
        return Describe(state);
    }

    private static KeyDecision DecideTag(KeyState state, KeyCommands.TagResource tag)
    {
        var merged = state.Tags.Keys.Union(tag.Tags.Keys).Count();
        if (merged > KeyLimits.MaxTags)
            return Reject(new KmsError(KmsErrorCode.LimitExceeded, $"A key can have at most {KeyLimits.MaxTags} tags."));
        return Change(tag.Tags.All(p => state.Tags.TryGetValue(p.Key, out var v) && v == p.Value) ? [] : [new KeyEvents.KeyTagged(state.KeyId, tag.Tags)]);
    }

    // A key pending deletion is not re-wrapped: its material is about to be shredded, and a new copy must not be made.
    private static KeyDecision DecideRewrap(KeyState state, KeyCommands.RewrapMaterial rewrap) =>
        NotPendingDeletion(state, "RewrapMaterial") ?? (state.Versions.Where(v => v.Provider != rewrap.TargetProvider).ToList() is { Count: > 0 } stale
            ? new KeyDecision.Rewrap(stale)
            : Describe(state));

    private static KeyDecision DecideDecrypt(KeyState state, KeyCommands.Decrypt decrypt)
    {
        if (!CiphertextFormat.TryParseUnder(decrypt.CiphertextBlob, state.KeyId, out var blob, out var error))
            return Reject(KmsError.InvalidCiphertext(error));
        if (Usable(state, KeyUsage.EncryptDecrypt) is { } refused) return refused;
        for (var i = 0; i < state.Versions.Count; i++)
        {
            if (state.Versions[i].Version == blob.KeyVersion) return new KeyDecision.UseVersion(blob.KeyVersion) { Ciphertext = blob };
        }
        return Reject(KmsError.InvalidCiphertext("The ciphertext names a key version that does not exist."));
    }

    private static KeyDecision DecideMac(KeyState state, MacAlgorithm algorithm)
    {
        if (Usable(state, KeyUsage.GenerateVerifyMac) is { } refused) return refused;
        return state.Spec.MacAlgorithm() == algorithm
            ? new KeyDecision.UseVersion(state.CurrentVersion())
            : Reject(KmsError.InvalidKeyUsage($"Key '{state.KeyId}' ({state.Spec}) does not support {algorithm}."));
    }

    /// <summary>Crypto needs an enabled key made for this use.</summary>
    private static KeyDecision? Usable(KeyState state, KeyUsage usage) => state.Status switch
    {
        KeyStatus.Disabled => Reject(KmsError.Disabled(state.KeyId)),
        KeyStatus.PendingDeletion => Reject(KmsError.InvalidState(state.KeyId, "PendingDeletion", "this operation")),
        _ when state.Usage != usage => Reject(KmsError.InvalidKeyUsage(
            $"Key '{state.KeyId}' is for {(state.Usage == KeyUsage.EncryptDecrypt ? "ENCRYPT_DECRYPT" : "GENERATE_VERIFY_MAC")}; this operation needs {(usage == KeyUsage.EncryptDecrypt ? "ENCRYPT_DECRYPT" : "GENERATE_VERIFY_MAC")}.")),
        _ => null,
    };

    private static KeyDecision? NotPendingDeletion(KeyState state, string operation) =>
        state.Status == KeyStatus.PendingDeletion ? Reject(KmsError.InvalidState(state.KeyId, "PendingDeletion", operation)) : null;

    private static KeyDecision? Symmetric(KeyState state, string operation) =>
        state.Spec == KeySpec.SymmetricDefault ? null : Reject(KmsError.Unsupported($"{operation} is supported only for symmetric encryption keys."));

    private static KeyDecision? RotatableNow(KeyState state, string operation) =>
        Symmetric(state, operation)
        ?? (state.Status == KeyStatus.Disabled ? Reject(KmsError.Disabled(state.KeyId)) : null)
        ?? NotPendingDeletion(state, operation);

    private static KeyDecision? ValidateCreate(KeyCommands.CreateKey create) =>
        ValidateDescription(create.Description) ?? (create.Tags is null or { Count: 0 } ? null : ValidateTags(create.Tags));

    private static KeyDecision? ValidateContext(IReadOnlyDictionary<string, string>? context) =>
        context is not null && context.Any(p => p.Key is null || p.Value is null)
            ? Reject(KmsError.Validation("EncryptionContext keys and values must be strings, not null."))
            : null;

    private static KeyDecision? ValidatePlaintext(byte[]? plaintext) =>
        plaintext is null || plaintext.Length is 0 or > KeyLimits.MaxPlaintextBytes
            ? Reject(KmsError.Validation($"Plaintext must be 1 to {KeyLimits.MaxPlaintextBytes} bytes."))
            : null;

    private static KeyDecision? ValidateMessage(byte[]? message) =>
        message is null || message.Length is 0 or > KeyLimits.MaxPlaintextBytes
            ? Reject(KmsError.Validation($"Message must be 1 to {KeyLimits.MaxPlaintextBytes} bytes."))
            : null;

    private static KeyDecision? ValidateDataKeySize(int numberOfBytes) =>
        numberOfBytes is < 1 or > KeyLimits.MaxDataKeyBytes
            ? Reject(KmsError.Validation($"NumberOfBytes must be 1 to {KeyLimits.MaxDataKeyBytes}."))
            : null;

    private static KeyDecision? ValidateDescription(string? description) =>
        description is { Length: > KeyLimits.MaxDescriptionLength }
            ? Reject(KmsError.Validation($"Description must be at most {KeyLimits.MaxDescriptionLength} characters."))
            : null;

    private static KeyDecision? ValidateTags(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0) return Reject(new KmsError(KmsErrorCode.Tag, "Tags must hold at least one tag."));
        if (tags.Count > KeyLimits.MaxTags) return Reject(new KmsError(KmsErrorCode.LimitExceeded, $"A key can have at most {KeyLimits.MaxTags} tags."));
        foreach (var (key, value) in tags)
        {
            if (string.IsNullOrEmpty(key) || key.Length > KeyLimits.MaxTagKeyLength)
                return Reject(new KmsError(KmsErrorCode.Tag, $"A TagKey must be 1 to {KeyLimits.MaxTagKeyLength} characters."));
            if (value is null || value.Length > KeyLimits.MaxTagValueLength)
                return Reject(new KmsError(KmsErrorCode.Tag, $"A TagValue must be 0 to {KeyLimits.MaxTagValueLength} characters."));
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                return Reject(new KmsError(KmsErrorCode.Tag, "Tag keys beginning with 'aws:' are reserved."));
        }
        return null;
    }
}
