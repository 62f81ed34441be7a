using Kms.Actors.Crypto;

namespace Kms.Actors.Keys;

/// <summary>
/// The pure rules of a key: which commands are allowed in which state, which events they produce,
/// and how events change the state. No actors, clocks or randomness here.
/// </summary>
public static class KeyDomain
{
    public static KeyDecision Decide(this KeyState? state, IKeyCommand command)
    {
        if (state is null)
        {
            return command is KeyCommands.CreateKey create
                ? ValidateDescription(create.Description) ?? new KeyDecision.GenerateMaterial()
                : new KeyDecision.Reject(KmsError.NotFound(command.KeyId));
        }

        return command switch
        {
            KeyCommands.CreateKey => new KeyDecision.Describe(),
            KeyCommands.DescribeKey => new KeyDecision.Describe(),
            KeyCommands.EnableKey => Change(state.Status == KeyStatus.Enabled ? [] : [new KeyEvents.KeyEnabled(state.KeyId)]),
            KeyCommands.DisableKey => Change(state.Status == KeyStatus.Disabled ? [] : [new KeyEvents.KeyDisabled(state.KeyId)]),
            KeyCommands.Encrypt encrypt => ValidateContext(encrypt.EncryptionContext) ?? ValidatePlaintext(encrypt.Plaintext) ?? UseCurrent(state),
            KeyCommands.GenerateDataKey dataKey => ValidateContext(dataKey.EncryptionContext) ?? ValidateDataKeySize(dataKey.NumberOfBytes) ?? UseCurrent(state),
            KeyCommands.Decrypt decrypt => ValidateContext(decrypt.EncryptionContext) ?? DecideDecrypt(state, decrypt),
            _ => new KeyDecision.Reject(KmsError.Validation($"Unsupported command {command.GetType().Name}.")),
        };
    }

    /// <summary>The event that creates a key from a create command and its freshly wrapped material.</summary>
    public static KeyEvents.KeyCreated Create(KeyCommands.CreateKey command, DateTimeOffset now, string provider, byte[] wrappedMaterial) =>
        new(command.KeyId, now, command.Description, provider, wrappedMaterial);

    public static KeyState Apply(this KeyState? state, IKeyEvent @event) => @event switch
    {
        KeyEvents.KeyCreated created => new KeyState(
            created.KeyId, created.CreationDate, created.Description, KeyStatus.Enabled,
            [new KeyVersion(1, created.Provider, created.WrappedMaterial)]),
        KeyEvents.KeyEnabled => Existing(state, @event) with { Status = KeyStatus.Enabled },
        KeyEvents.KeyDisabled => Existing(state, @event) with { Status = KeyStatus.Disabled },
        _ => throw new InvalidOperationException($"Unknown key event {@event.GetType().Name}."),
    };

    private static KeyState Existing(KeyState? state, IKeyEvent @event) =>
        state ?? throw new InvalidOperationException($"{@event.GetType().Name} for key {@event.KeyId} before it was created.");

    private static KeyDecision Change(IKeyEvent[] events) => new KeyDecision.Change(events);

    private static KeyDecision UseCurrent(KeyState state) =>
        state.Status == KeyStatus.Enabled
            ? new KeyDecision.UseVersion(state.CurrentVersion())
            : new KeyDecision.Reject(KmsError.Disabled(state.KeyId));

    private static KeyDecision DecideDecrypt(KeyState state, KeyCommands.Decrypt decrypt)
    {
        if (!CiphertextFormat.TryParse(decrypt.CiphertextBlob, out var blob, out var error))
            return new KeyDecision.Reject(KmsError.InvalidCiphertext(error));
        if (blob.KeyId != state.KeyId)
            return new KeyDecision.Reject(KmsError.InvalidCiphertext("The ciphertext was not made under this key."));
        if (state.Status != KeyStatus.Enabled)
            return new KeyDecision.Reject(KmsError.Disabled(state.KeyId));
        return state.Versions.Any(v => v.Version == blob.KeyVersion)
            ? new KeyDecision.UseVersion(blob.KeyVersion)
            : new KeyDecision.Reject(KmsError.InvalidCiphertext("The ciphertext names a key version that does not exist."));
    }

    private static KeyDecision? ValidatePlaintext(byte[]? plaintext) =>
        plaintext is null || plaintext.Length is 0 or > KeyLimits.MaxPlaintextBytes
            ? new KeyDecision.Reject(KmsError.Validation($"Plaintext must be 1 to {KeyLimits.MaxPlaintextBytes} bytes."))
            : null;

    private static KeyDecision? ValidateDataKeySize(int numberOfBytes) =>
        numberOfBytes is < 1 or > KeyLimits.MaxDataKeyBytes
            ? new KeyDecision.Reject(KmsError.Validation($"NumberOfBytes must be 1 to {KeyLimits.MaxDataKeyBytes}."))
            : null;

    private static KeyDecision? ValidateContext(IReadOnlyDictionary<string, string>? context) =>
        context is not null && context.Any(p => p.Key is null || p.Value is null)
            ? new KeyDecision.Reject(KmsError.Validation("EncryptionContext keys and values must be strings, not null."))
            : null;

    private static KeyDecision? ValidateDescription(string? description) =>
        description is { Length: > KeyLimits.MaxDescriptionLength }
            ? new KeyDecision.Reject(KmsError.Validation($"Description must be at most {KeyLimits.MaxDescriptionLength} characters."))
            : null;
}
