using System.Security.Cryptography;
using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;
using Kms.Actors.Leases;

namespace Kms.Actors.Operations;

/// <summary>
/// The operation model behind every transport: each KMS operation is one call that resolves its key
/// reference (a key id, or an alias to look up), routes to the key or alias actors or the catalog, and always
/// comes back with a <see cref="Result{T}"/>: the operation's own reply or a typed <see cref="KmsError"/>.
/// It takes domain values (a <see cref="KeyReference"/>, a <see cref="KeySpec"/>, a <see cref="MacAlgorithm"/>, a size,
/// a parsed <see cref="Ciphertext"/>); the AWS spellings of requests, ARNs among them, are read by the gateway.
/// </summary>
public sealed class KeyOperations(
    IRequiredActor<KeyRegion> keys,
    IRequiredActor<AliasRegion> aliases,
    IRequiredActor<KeyCatalog> catalog,
    KeyOperationsOptions options)
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;

    private IActorRef? _keyRegion;

    public KeyArns Arns => options.Arns;

    public Task<Result<KeyReplies.Metadata>> CreateKey(string description, KeySpec spec, IReadOnlyDictionary<string, string>? tags, CancellationToken ct = default) =>
        Expect<KeyReplies.Metadata>(AskKey(new KeyCommands.CreateKey(KeyId.New().ToString(), description, spec, tags), ct));

    public Task<Result<KeyReplies.Metadata>> DescribeKey(KeyReference key, CancellationToken ct = default) => OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.DescribeKey(id), ct);

    public Task<Result<KeyReplies.Metadata>> EnableKey(KeyReference key, CancellationToken ct = default) => OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.EnableKey(id), ct);

    public Task<Result<KeyReplies.Metadata>> DisableKey(KeyReference key, CancellationToken ct = default) => OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.DisableKey(id), ct);

    public Task<Result<KeyReplies.Metadata>> UpdateKeyDescription(KeyReference key, string description, CancellationToken ct = default) =>
        OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.UpdateKeyDescription(id, description), ct);

    public Task<Result<KeyReplies.Metadata>> ScheduleKeyDeletion(KeyReference key, int pendingWindowInDays, CancellationToken ct = default) =>
        OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.ScheduleKeyDeletion(id, pendingWindowInDays), ct);

    public Task<Result<KeyReplies.Metadata>> CancelKeyDeletion(KeyReference key, CancellationToken ct = default) => OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.CancelKeyDeletion(id), ct);

    public Task<Result<KeyReplies.Metadata>> RotateKeyOnDemand(KeyReference key, CancellationToken ct = default) => OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.RotateKeyOnDemand(id), ct);

    public Task<Result<KeyReplies.Metadata>> EnableKeyRotation(KeyReference key, int rotationPeriodInDays, CancellationToken ct = default) =>
        OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.EnableKeyRotation(id, rotationPeriodInDays), ct);

    public Task<Result<KeyReplies.Metadata>> DisableKeyRotation(KeyReference key, CancellationToken ct = default) => OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.DisableKeyRotation(id), ct);

    public Task<Result<KeyReplies.RotationStatus>> GetKeyRotationStatus(KeyReference key, CancellationToken ct = default) =>
        OnKey<KeyReplies.RotationStatus>(key, id => new KeyCommands.GetKeyRotationStatus(id), ct);

    /// <summary>A page of the key's rotations, oldest first; the marker is the last version listed.</summary>
    public async Task<Result<Page<KeyReplies.Rotation>>> ListKeyRotations(KeyReference key, int? limit, string? marker, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return bad;
        var after = 0;
        if (marker is not null && !int.TryParse(marker, out after)) return ForeignMarker();
        return (await OnKey<KeyReplies.Rotations>(key, id => new KeyCommands.ListKeyRotations(id), ct)).Map(rotations =>
            Paged(rotations.Items.Where(r => r.Version > after).ToList(), limit, r => r.Version.ToString()) with { KeyId = rotations.KeyId });
    }

    /// <summary>Re-wraps every version of a key's material with the named provider (for moving a key store to an HSM).</summary>
    public Task<Result<KeyReplies.Metadata>> RewrapMaterial(KeyId keyId, string targetProvider, CancellationToken ct = default) =>
        Expect<KeyReplies.Metadata>(AskKey(new KeyCommands.RewrapMaterial(keyId.ToString(), targetProvider), ct));

    public Task<Result<KeyReplies.Metadata>> TagResource(KeyReference key, IReadOnlyDictionary<string, string> tags, CancellationToken ct = default) =>
        OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.TagResource(id, tags), ct);

    public Task<Result<KeyReplies.Metadata>> UntagResource(KeyReference key, IReadOnlyList<string> tagKeys, CancellationToken ct = default) =>
        OnKey<KeyReplies.Metadata>(key, id => new KeyCommands.UntagResource(id, tagKeys), ct);

    /// <summary>A page of the key's tags, sorted by tag key; the marker is the last tag key listed.</summary>
    public async Task<Result<Page<KeyValuePair<string, string>>>> ListResourceTags(KeyReference key, int? limit, string? marker, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return bad;
        return (await OnKey<KeyReplies.Tags>(key, id => new KeyCommands.ListResourceTags(id), ct)).Map(tags =>
            Paged(tags.Items
                .Where(t => marker is null || string.CompareOrdinal(t.Key, marker) > 0)
                .OrderBy(t => t.Key, StringComparer.Ordinal).ToList(), limit, t => t.Key) with { KeyId = tags.KeyId });
    }

    /// <summary>A page of keys; with a <paramref name="scope"/>, only the keys in it (pages and markers both).</summary>
    public async Task<Result<Page<KeyMetadata>>> ListKeys(int? limit, string? marker, KeyScope? scope = null, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return bad;
        // The marker is the last key id of the previous page; anything else is not a position in the list.
        if (marker is not null && !KeyId.TryParse(marker, out _)) return ForeignMarker();
        var list = await AskCatalog<KeyCatalogProtocol.KeyList>(new KeyCatalogProtocol.ListKeys(limit ?? DefaultListLimit, marker) { Scope = scope }, ct);
        return new Page<KeyMetadata>(list.Keys, list.NextMarker);
    }

    public Task<Result<KeyReplies.Encrypted>> Encrypt(KeyReference key, byte[] plaintext, IReadOnlyDictionary<string, string>? context, CancellationToken ct = default) =>
        OnKey<KeyReplies.Encrypted>(key, id => new KeyCommands.Encrypt(id, plaintext, context), ct);

    /// <summary>A data key of <paramref name="numberOfBytes"/> bytes, returned in plaintext and encrypted under the key.</summary>
    public Task<Result<KeyReplies.DataKey>> GenerateDataKey(KeyReference key, int numberOfBytes, IReadOnlyDictionary<string, string>? context, CancellationToken ct = default) =>
        OnKey<KeyReplies.DataKey>(key, id => new KeyCommands.GenerateDataKey(id, numberOfBytes, context), ct);

    /// <summary>
    /// Decrypts a blob under the key named in it; <paramref name="key"/>, when given, must name that same key. The blob
    /// comes as the edge read it, once: a blob it could not read is refused with the edge's error.
    /// </summary>
    public Task<Result<KeyReplies.Decrypted>> Decrypt(Result<Ciphertext> blob, IReadOnlyDictionary<string, string>? context, KeyReference? key = null, CancellationToken ct = default)
    {
        if (!blob.IsOk) return Done<KeyReplies.Decrypted>(blob.Error);
        // The blob came from the caller: the key id in it is read here, like any other key field.
        if (!KeyId.TryParse(blob.Value.KeyId, out _)) return Done<KeyReplies.Decrypted>(KmsError.InvalidCiphertext("The ciphertext names no valid key."));
        var command = new KeyCommands.Decrypt(blob.Value.KeyId, blob.Value.Blob, context);
        return key is null ? Expect<KeyReplies.Decrypted>(AskKey(command, ct)) : DecryptUnder(key, command, ct);
    }

    /// <summary>Decrypt with the caller's KeyId, which must resolve to the key that made the blob.</summary>
    private async Task<Result<KeyReplies.Decrypted>> DecryptUnder(KeyReference key, KeyCommands.Decrypt command, CancellationToken ct)
    {
        var expected = await Resolve(key, ct);
        if (!expected.IsOk) return expected.Error;
        if (expected.Value.ToString() != command.KeyId)
            return new KmsError(KmsErrorCode.IncorrectKey, "The ciphertext was not made under the key given in KeyId.");
        return await Expect<KeyReplies.Decrypted>(AskKey(command, ct));
    }

    /// <summary>Decrypts under the blob's key and encrypts the plaintext under the destination key; the plaintext is zeroed after.</summary>
    public async Task<Result<KeyReplies.ReEncrypted>> ReEncrypt(Result<Ciphertext> blob, IReadOnlyDictionary<string, string>? sourceContext, KeyReference? sourceKey,
        KeyReference destinationKey, IReadOnlyDictionary<string, string>? destinationContext, CancellationToken ct = default)
    {
        var destinationId = await Resolve(destinationKey, ct);
        if (!destinationId.IsOk) return destinationId.Error;
        var source = await Decrypt(blob, sourceContext, sourceKey, ct);
        if (!source.IsOk) return source.Error;
        var decrypted = source.Value;
        try
        {
            return (await Expect<KeyReplies.Encrypted>(AskKey(new KeyCommands.Encrypt(destinationId.Value.ToString(), decrypted.Plaintext, destinationContext), ct)))
                .Map(encrypted => new KeyReplies.ReEncrypted(encrypted.KeyId, decrypted.KeyId, encrypted.CiphertextBlob));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decrypted.Plaintext);
        }
    }

    public Task<Result<KeyReplies.Mac>> GenerateMac(KeyReference key, byte[] message, MacAlgorithm algorithm, CancellationToken ct = default) =>
        OnKey<KeyReplies.Mac>(key, id => new KeyCommands.GenerateMac(id, message, algorithm), ct);

    public Task<Result<KeyReplies.MacVerified>> VerifyMac(KeyReference key, byte[] message, byte[] mac, MacAlgorithm algorithm, CancellationToken ct = default) =>
        OnKey<KeyReplies.MacVerified>(key, id => new KeyCommands.VerifyMac(id, message, mac, algorithm), ct);

    /// <summary>Random bytes from the system's CSPRNG; no key involved.</summary>
    public static Result<KeyReplies.RandomBytes> GenerateRandom(int? numberOfBytes) =>
        numberOfBytes is >= 1 and <= KeyLimits.MaxDataKeyBytes
            ? new KeyReplies.RandomBytes(RandomNumberGenerator.GetBytes(numberOfBytes.Value))
            : KmsError.Validation($"NumberOfBytes must be 1 to {KeyLimits.MaxDataKeyBytes}.");

    public Task<Result<AliasReplies.Alias>> CreateAlias(string? aliasName, KeyId targetKey, CancellationToken ct = default) =>
        ChangeAlias(aliasName, targetKey, (name, target) => new AliasCommands.CreateAlias(name, target), ct);

    public Task<Result<AliasReplies.Alias>> UpdateAlias(string? aliasName, KeyId targetKey, CancellationToken ct = default) =>
        ChangeAlias(aliasName, targetKey, (name, target) => new AliasCommands.UpdateAlias(name, target), ct);

    public Task<Result<AliasReplies.Deleted>> DeleteAlias(string? aliasName, CancellationToken ct = default) =>
        AliasNames.IsAliasName(aliasName)
            ? Expect<AliasReplies.Deleted>(AskAlias(new AliasCommands.DeleteAlias(aliasName!), ct))
            : Done<AliasReplies.Deleted>(new KmsError(KmsErrorCode.InvalidAliasName, AliasNames.Problem(aliasName) ?? "AliasName is invalid."));

    /// <summary>A page of aliases, of one key if given; with a <paramref name="scope"/>, only aliases of keys in it.</summary>
    public async Task<Result<Page<AliasState>>> ListAliases(KeyReference? key, int? limit, string? marker, KeyScope? scope = null, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return bad;
        // The marker is the last alias name of the previous page.
        if (marker is not null && !AliasNames.IsAliasName(marker)) return ForeignMarker();
        string? keyId = null;
        if (key is not null)
        {
            var resolved = await Resolve(key, ct);
            if (!resolved.IsOk) return resolved.Error;
            keyId = resolved.Value.ToString();
            // As in AWS KMS, a key that does not exist (or no longer does) is NotFound, not an empty list.
            if ((await Expect<KeyReplies.Metadata>(AskKey(new KeyCommands.DescribeKey(keyId), ct))).Error is { } missing) return missing;
        }
        var list = await AskCatalog<KeyCatalogProtocol.AliasList>(new KeyCatalogProtocol.ListAliases(keyId, limit ?? DefaultListLimit, marker) { Scope = scope }, ct);
        return new Page<AliasState>(list.Aliases, list.NextMarker);
    }

    /// <summary>The names of the aliases pointing to a key, from the catalog: the key's actor is not woken.</summary>
    public async Task<IReadOnlyList<string>> AliasNamesOf(KeyId keyId, CancellationToken ct = default)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            var list = await AskCatalog<KeyCatalogProtocol.AliasList>(new KeyCatalogProtocol.ListAliases(keyId.ToString(), MaxListLimit, marker), ct);
            names.AddRange(list.Aliases.Select(a => a.AliasName));
            marker = list.NextMarker;
        } while (marker is not null);
        return names;
    }

    /// <summary>
    /// The key a reference names: the key id itself, or the key an alias points to. An alias that does not exist is
    /// NotFound, quoting the reference as the caller wrote it.
    /// </summary>
    public async Task<Result<KeyId>> Resolve(KeyReference reference, CancellationToken ct)
    {
        if (reference.KeyId is { } keyId) return keyId;
        var alias = await Expect<AliasReplies.Alias>(AskAlias(new AliasCommands.ResolveAlias(reference.AliasName!), ct));
        if (!alias.IsOk) return alias.Error.Code == KmsErrorCode.NotFound ? AliasDomain.NotFound(reference.Named) : alias.Error;
        // The target was a key id when the alias was made; a journal that says otherwise names no key.
        return KeyId.TryParse(alias.Value.State.TargetKeyId, out var target) ? target : AliasDomain.NotFound(reference.Named);
    }

    private async Task<Result<AliasReplies.Alias>> ChangeAlias(string? aliasName, KeyId targetKey, Func<string, string, IAliasCommand> command, CancellationToken ct)
    {
        if (AliasNames.Problem(aliasName) is { } problem) return new KmsError(KmsErrorCode.InvalidAliasName, problem);
        var targetId = targetKey.ToString();
        var target = await Expect<KeyReplies.Metadata>(AskKey(new KeyCommands.DescribeKey(targetId), ct));
        if (!target.IsOk) return target.Error;
        if (target.Value.Key.KeyState == KeyStatus.PendingDeletion) return KmsError.InvalidState(targetId, "PendingDeletion", "pointing an alias at it");
        return await Expect<AliasReplies.Alias>(AskAlias(command(aliasName!, targetId), ct));
    }

    /// <summary>A key id, the usual reference, goes straight to its actor; an alias is resolved first.</summary>
    private Task<Result<T>> OnKey<T>(KeyReference key, Func<string, IKeyCommand> command, CancellationToken ct) where T : class, IKeyReply =>
        Expect<T>(key.KeyId is { } keyId ? AskKey(command(keyId.ToString()), ct) : OnResolvedKey(key, command, ct));

    private async Task<IKmsReply> OnResolvedKey(KeyReference key, Func<string, IKeyCommand> command, CancellationToken ct)
    {
        var keyId = await Resolve(key, ct);
        return keyId.IsOk ? await AskKey(command(keyId.Value.ToString()), ct) : Failed(keyId.Error);
    }

    /// <summary>
    /// The one place an actor's answer meets the operation's type: the reply the command is answered with, or its
    /// typed failure. Any other answer is a bug in the key store, reported as an internal error.
    /// </summary>
    private static async Task<Result<T>> Expect<T>(Task<IKmsReply> asked) where T : class, IKmsReply =>
        await asked switch
        {
            T reply => reply,
            KeyReplies.Failed failed => failed.Error,
            var other => new KmsError(KmsErrorCode.Internal, $"The key store answered {other.GetType().Name} where {typeof(T).Name} was due."),
        };

    private Task<IKmsReply> AskKey(IKeyCommand command, CancellationToken ct) =>
        options.Leases is { } leases && KeyLeaseTable.IsLeasable(command)
            ? leases.TryServe(command) is { } leased ? Task.FromResult<IKmsReply>(leased) : AskKeyThenLease(leases, command, ct)
        : options.Journal is { Available: false } && NeedsWrite(command) ? Done(JournalUnavailable())
        : _keyRegion is { } region ? Ask<IKeyReply>(region, command, IsRetrySafe(command), "Key", command.KeyId, ct)
        : AskKeyOnceRegistered(command, ct);

    /// <summary>
    /// A crypto command this node holds no lease for goes to the key's actor; only once that served it does this node
    /// ask for a lease, so that requests naming unknown or unusable keys wake nothing a second time.
    /// </summary>
    private async Task<IKmsReply> AskKeyThenLease(KeyLeaseTable leases, IKeyCommand command, CancellationToken ct)
    {
        var region = _keyRegion ??= await keys.GetAsync(ct);
        var reply = await Ask<IKeyReply>(region, command, IsRetrySafe(command), "Key", command.KeyId, ct);
        leases.Served(command, reply);
        return reply;
    }

    /// <summary>Until the shard region is registered (the node's first moments), waits for it; then keeps it.</summary>
    private async Task<IKmsReply> AskKeyOnceRegistered(IKeyCommand command, CancellationToken ct)
    {
        _keyRegion = await keys.GetAsync(ct);
        return await Ask<IKeyReply>(_keyRegion, command, IsRetrySafe(command), "Key", command.KeyId, ct);
    }

    private async Task<IKmsReply> AskAlias(IAliasCommand command, CancellationToken ct) =>
        options.Journal is { Available: false } && command is not AliasCommands.ResolveAlias ? Failed(JournalUnavailable())
        : await Ask<IAliasReply>(await aliases.GetAsync(ct), command, command is AliasCommands.ResolveAlias or AliasCommands.UpdateAlias,
            "Alias", command.AliasName, ct);

    /// <summary>
    /// Asks an entity through its region, with a <see cref="ReplyPromise{TReply}"/> as the reply address. A
    /// timeout (a message lost while its shard moves between nodes, say) is retried where repeating the
    /// command cannot change the outcome, and otherwise answered as a retryable 503.
    /// </summary>
    private async Task<IKmsReply> Ask<TReply>(IActorRef region, object command, bool retrySafe, string kind, string name, CancellationToken ct)
        where TReply : class, IKmsReply
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var reply = new ReplyPromise<TReply>(region);
                region.Tell(command, reply);
                return await reply.Task.WaitAsync(options.AskTimeout, ct);
            }
            catch (TimeoutException) when (retrySafe && attempt < options.Attempts)
            {
            }
            catch (TimeoutException)
            {
                return Failed(KmsError.Unavailable($"{kind} '{name}' did not answer in time; try again."));
            }
        }
    }

    /// <summary>
    /// Commands that may persist an event. Anything not known to be a read counts, so that a command added later
    /// is refused during an outage rather than left to time out.
    /// </summary>
    private static bool NeedsWrite(IKeyCommand command) => command is not
        (KeyCommands.Encrypt or KeyCommands.Decrypt or KeyCommands.GenerateDataKey or KeyCommands.GenerateMac or KeyCommands.VerifyMac
        or KeyCommands.DescribeKey or KeyCommands.GetKeyRotationStatus or KeyCommands.ListKeyRotations or KeyCommands.ListResourceTags);

    private static KmsError JournalUnavailable() =>
        KmsError.Unavailable("The key store cannot record changes now: its database does not answer. Keys in use still encrypt and decrypt; try the change again later.");

    /// <summary>
    /// Commands a retry cannot turn into a different result: reads, crypto, and changes that are
    /// idempotent (CreateKey carries its key id, so a retry finds the key the first attempt made).
    /// </summary>
    private static bool IsRetrySafe(IKeyCommand command) => command is not
        (KeyCommands.RotateKeyOnDemand or KeyCommands.ScheduleKeyDeletion or KeyCommands.CancelKeyDeletion);

    private async Task<T> AskCatalog<T>(object request, CancellationToken ct)
    {
        var actor = await catalog.GetAsync(ct);
        return await actor.Ask<T>(request, options.AskTimeout, ct);
    }

    private static Page<T> Paged<T>(IReadOnlyList<T> items, int? limit, Func<T, string> markerOf)
    {
        var size = limit ?? DefaultListLimit;
        return items.Count > size
            ? new Page<T>(items.Take(size).ToList(), markerOf(items[size - 1]))
            : new Page<T>(items, null);
    }

    private static KmsError ForeignMarker() => new(KmsErrorCode.InvalidMarker, "The marker is not one this operation gave.");

    private static KmsError? ValidateLimit(int? limit) =>
        limit is < 1 or > MaxListLimit ? KmsError.Validation($"Limit must be 1 to {MaxListLimit}.") : null;

    private static IKmsReply Failed(KmsError error) => new KeyReplies.Failed(error);

    private static Task<IKmsReply> Done(KmsError error) => Task.FromResult(Failed(error));

    private static Task<Result<T>> Done<T>(KmsError error) where T : class => Task.FromResult<Result<T>>(error);
}
