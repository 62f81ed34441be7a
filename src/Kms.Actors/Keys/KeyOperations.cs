using System.Security.Cryptography;
using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Crypto;

namespace Kms.Actors.Keys;

/// <summary>
/// The operation model behind every transport: each KMS operation is one call that resolves its key
/// reference (id, ARN, alias or alias ARN), routes to the key or alias actors or the catalog, and always
/// comes back with a reply, a typed <see cref="KeyReplies.Failed"/> included.
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

    public Task<IKmsReply> CreateKey(string? description, string? keyUsage, string? keySpec,
        IReadOnlyDictionary<string, string>? tags, CancellationToken ct = default)
    {
        var usage = keyUsage is null ? (KeyUsage?)null : AwsNames.ParseKeyUsage(keyUsage);
        if (keyUsage is not null && usage is null)
            return Done(KmsError.Validation("KeyUsage must be ENCRYPT_DECRYPT or GENERATE_VERIFY_MAC."));
        var spec = keySpec is null ? KeySpec.SymmetricDefault : AwsNames.ParseKeySpec(keySpec);
        if (spec is null)
            return Done(KmsError.Unsupported($"KeySpec '{keySpec}' is not supported; use SYMMETRIC_DEFAULT, HMAC_256, HMAC_384 or HMAC_512."));
        if (usage is not null && usage != spec.Value.Usage())
            return Done(KmsError.Validation($"KeySpec {AwsNames.Of(spec.Value)} requires KeyUsage {AwsNames.Of(spec.Value.Usage())}."));
        return AskKey(new KeyCommands.CreateKey(KeyIds.New(), description ?? "", spec.Value, tags), ct);
    }

    public Task<IKmsReply> DescribeKey(string? key, CancellationToken ct = default) => OnKey(key, id => new KeyCommands.DescribeKey(id), ct);

    public Task<IKmsReply> EnableKey(string? key, CancellationToken ct = default) => OnKey(key, id => new KeyCommands.EnableKey(id), ct);

    public Task<IKmsReply> DisableKey(string? key, CancellationToken ct = default) => OnKey(key, id => new KeyCommands.DisableKey(id), ct);

    public Task<IKmsReply> UpdateKeyDescription(string? key, string? description, CancellationToken ct = default) =>
        description is null
            ? Done(KmsError.Validation("Description is required."))
            : OnKey(key, id => new KeyCommands.UpdateKeyDescription(id, description), ct);

    public Task<IKmsReply> ScheduleKeyDeletion(string? key, int? pendingWindowInDays, CancellationToken ct = default) =>
        OnKey(key, id => new KeyCommands.ScheduleKeyDeletion(id, pendingWindowInDays ?? KeyLimits.DefaultPendingWindowDays), ct);

    public Task<IKmsReply> CancelKeyDeletion(string? key, CancellationToken ct = default) => OnKey(key, id => new KeyCommands.CancelKeyDeletion(id), ct);

    public Task<IKmsReply> RotateKeyOnDemand(string? key, CancellationToken ct = default) => OnKey(key, id => new KeyCommands.RotateKeyOnDemand(id), ct);

    public Task<IKmsReply> EnableKeyRotation(string? key, int? rotationPeriodInDays, CancellationToken ct = default) =>
        OnKey(key, id => new KeyCommands.EnableKeyRotation(id, rotationPeriodInDays ?? KeyLimits.DefaultRotationPeriodDays), ct);

    public Task<IKmsReply> DisableKeyRotation(string? key, CancellationToken ct = default) => OnKey(key, id => new KeyCommands.DisableKeyRotation(id), ct);

    public Task<IKmsReply> GetKeyRotationStatus(string? key, CancellationToken ct = default) => OnKey(key, id => new KeyCommands.GetKeyRotationStatus(id), ct);

    /// <summary>A page of the key's rotations, oldest first; the marker is the last version listed.</summary>
    public async Task<IKmsReply> ListKeyRotations(string? key, int? limit, string? marker, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return Failed(bad);
        var after = 0;
        if (marker is not null && !int.TryParse(marker, out after)) return Failed(ForeignMarker());
        return await OnKey(key, id => new KeyCommands.ListKeyRotations(id), ct) switch
        {
            KeyReplies.Rotations rotations => Paged(rotations.Items.Where(r => r.Version > after).ToList(), limit, r => r.Version.ToString()) with { KeyId = rotations.KeyId },
            var other => other,
        };
    }

    /// <summary>Re-wraps every version of a key's material with the named provider (for moving a key store to an HSM).</summary>
    public Task<IKmsReply> RewrapMaterial(string keyId, string targetProvider, CancellationToken ct = default) =>
        OnKey(keyId, id => new KeyCommands.RewrapMaterial(id, targetProvider), ct);

    public Task<IKmsReply> TagResource(string? key, IReadOnlyDictionary<string, string>? tags, CancellationToken ct = default) =>
        tags is null
            ? Done(KmsError.Validation("Tags is required."))
            : OnKey(key, id => new KeyCommands.TagResource(id, tags), ct);

    public Task<IKmsReply> UntagResource(string? key, IReadOnlyList<string>? tagKeys, CancellationToken ct = default) =>
        tagKeys is null
            ? Done(KmsError.Validation("TagKeys is required."))
            : OnKey(key, id => new KeyCommands.UntagResource(id, tagKeys), ct);

    /// <summary>A page of the key's tags, sorted by tag key; the marker is the last tag key listed.</summary>
    public async Task<IKmsReply> ListResourceTags(string? key, int? limit, string? marker, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return Failed(bad);
        return await OnKey(key, id => new KeyCommands.ListResourceTags(id), ct) switch
        {
            KeyReplies.Tags tags => Paged(tags.Items
                .Where(t => marker is null || string.CompareOrdinal(t.Key, marker) > 0)
                .OrderBy(t => t.Key, StringComparer.Ordinal).ToList(), limit, t => t.Key) with { KeyId = tags.KeyId },
            var other => other,
        };
    }

    /// <summary>A page of keys; with a <paramref name="scope"/>, only the keys in it (pages and markers both).</summary>
    public async Task<IKmsReply> ListKeys(int? limit, string? marker, KeyScope? scope = null, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return Failed(bad);
        // The marker is the last key id of the previous page; anything else is not a position in the list.
        if (marker is not null && !KeyIds.IsValid(marker)) return Failed(ForeignMarker());
        var list = await AskCatalog<KeyCatalogProtocol.KeyList>(new KeyCatalogProtocol.ListKeys(limit ?? DefaultListLimit, marker) { Scope = scope }, ct);
        return new Page<KeyMetadata>(list.Keys, list.NextMarker);
    }

    public Task<IKmsReply> Encrypt(string? key, byte[]? plaintext, IReadOnlyDictionary<string, string>? context, CancellationToken ct = default) =>
        OnKey(key, id => new KeyCommands.Encrypt(id, plaintext ?? [], context), ct);

    /// <summary>Data key of <c>KeySpec</c> (AES_256, AES_128) or <c>NumberOfBytes</c> (1–1024), never both; 32 bytes by default.</summary>
    public Task<IKmsReply> GenerateDataKey(string? key, string? keySpec, int? numberOfBytes, IReadOnlyDictionary<string, string>? context, CancellationToken ct = default)
    {
        int size;
        switch (keySpec, numberOfBytes)
        {
            case (not null, not null):
                return Done(KmsError.Validation("Give KeySpec or NumberOfBytes, not both."));
            case ("AES_256", null):
                size = 32;
                break;
            case ("AES_128", null):
                size = 16;
                break;
            case (not null, null):
                return Done(KmsError.Validation("KeySpec must be AES_256 or AES_128."));
            default:
                size = numberOfBytes ?? KeyLimits.DefaultDataKeyBytes;
                break;
        }
        return OnKey(key, id => new KeyCommands.GenerateDataKey(id, size, context), ct);
    }

    /// <summary>Decrypts a blob under the key named in it; <paramref name="key"/>, when given, must name that same key.</summary>
    public Task<IKmsReply> Decrypt(byte[]? blob, IReadOnlyDictionary<string, string>? context, string? key = null, CancellationToken ct = default)
    {
        if (blob is null || blob.Length == 0) return Done(KmsError.Validation("CiphertextBlob is required."));
        if (!CiphertextFormat.TryParse(blob, out var parsed, out var error)) return Done(KmsError.InvalidCiphertext(error));
        if (!KeyIds.IsValid(parsed.KeyId)) return Done(KmsError.InvalidCiphertext("The ciphertext names no valid key."));
        var command = new KeyCommands.Decrypt(parsed.KeyId, blob, context);
        return key is null ? AskKey(command, ct) : DecryptUnder(key, command, ct);
    }

    /// <summary>Decrypt with the caller's KeyId, which must resolve to the key that made the blob.</summary>
    private async Task<IKmsReply> DecryptUnder(string key, KeyCommands.Decrypt command, CancellationToken ct)
    {
        var (expected, resolveError) = await ResolveKey(key, ct);
        if (resolveError is not null) return Failed(resolveError);
        if (expected != command.KeyId)
            return Failed(new KmsError(KmsErrorCode.IncorrectKey, "The ciphertext was not made under the key given in KeyId."));
        return await AskKey(command, ct);
    }

    /// <summary>Decrypts under the blob's key and encrypts the plaintext under the destination key; the plaintext is zeroed after.</summary>
    public async Task<IKmsReply> ReEncrypt(byte[]? blob, IReadOnlyDictionary<string, string>? sourceContext, string? sourceKey,
        string? destinationKey, IReadOnlyDictionary<string, string>? destinationContext, CancellationToken ct = default)
    {
        var (destinationId, destinationError) = await ResolveKey(destinationKey, ct, "DestinationKeyId");
        if (destinationError is not null) return Failed(destinationError);
        var source = await Decrypt(blob, sourceContext, sourceKey, ct);
        if (source is not KeyReplies.Decrypted decrypted) return source;
        try
        {
            return await AskKey(new KeyCommands.Encrypt(destinationId!, decrypted.Plaintext, destinationContext), ct) switch
            {
                KeyReplies.Encrypted encrypted => new KeyReplies.ReEncrypted(encrypted.KeyId, decrypted.KeyId, encrypted.CiphertextBlob),
                var other => other,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decrypted.Plaintext);
        }
    }

    public Task<IKmsReply> GenerateMac(string? key, byte[]? message, string? algorithm, CancellationToken ct = default) =>
        AwsNames.ParseMacAlgorithm(algorithm) is { } parsed
            ? OnKey(key, id => new KeyCommands.GenerateMac(id, message ?? [], parsed), ct)
            : Done(KmsError.Validation("MacAlgorithm must be HMAC_SHA_256, HMAC_SHA_384 or HMAC_SHA_512."));

    public Task<IKmsReply> VerifyMac(string? key, byte[]? message, byte[]? mac, string? algorithm, CancellationToken ct = default) =>
        AwsNames.ParseMacAlgorithm(algorithm) is not { } parsed
            ? Done(KmsError.Validation("MacAlgorithm must be HMAC_SHA_256, HMAC_SHA_384 or HMAC_SHA_512."))
            : mac is null or { Length: 0 }
                ? Done(KmsError.Validation("Mac is required."))
                : OnKey(key, id => new KeyCommands.VerifyMac(id, message ?? [], mac, parsed), ct);

    /// <summary>Random bytes from the system's CSPRNG; no key involved.</summary>
    public static IKmsReply GenerateRandom(int? numberOfBytes) =>
        numberOfBytes is >= 1 and <= KeyLimits.MaxDataKeyBytes
            ? new KeyReplies.RandomBytes(RandomNumberGenerator.GetBytes(numberOfBytes.Value))
            : Failed(KmsError.Validation($"NumberOfBytes must be 1 to {KeyLimits.MaxDataKeyBytes}."));

    public Task<IKmsReply> CreateAlias(string? aliasName, string? targetKey, CancellationToken ct = default) =>
        ChangeAlias(aliasName, targetKey, (name, target) => new AliasCommands.CreateAlias(name, target), ct);

    public Task<IKmsReply> UpdateAlias(string? aliasName, string? targetKey, CancellationToken ct = default) =>
        ChangeAlias(aliasName, targetKey, (name, target) => new AliasCommands.UpdateAlias(name, target), ct);

    public Task<IKmsReply> DeleteAlias(string? aliasName, CancellationToken ct = default) =>
        AliasNames.IsAliasName(aliasName)
            ? AskAlias(new AliasCommands.DeleteAlias(aliasName!), ct)
            : Done(new KmsError(KmsErrorCode.InvalidAliasName, AliasNames.Problem(aliasName) ?? "AliasName is invalid."));

    /// <summary>A page of aliases, of one key if given; with a <paramref name="scope"/>, only aliases of keys in it.</summary>
    public async Task<IKmsReply> ListAliases(string? key, int? limit, string? marker, KeyScope? scope = null, CancellationToken ct = default)
    {
        if (ValidateLimit(limit) is { } bad) return Failed(bad);
        // The marker is the last alias name of the previous page.
        if (marker is not null && !AliasNames.IsAliasName(marker)) return Failed(ForeignMarker());
        string? keyId = null;
        if (key is not null)
        {
            var (resolved, error) = await ResolveKey(key, ct);
            if (error is not null) return Failed(error);
            // As in AWS KMS, a key that does not exist (or no longer does) is NotFound, not an empty list.
            if (await AskKey(new KeyCommands.DescribeKey(resolved!), ct) is not KeyReplies.Metadata and var failed) return failed;
            keyId = resolved;
        }
        var list = await AskCatalog<KeyCatalogProtocol.AliasList>(new KeyCatalogProtocol.ListAliases(keyId, limit ?? DefaultListLimit, marker) { Scope = scope }, ct);
        return new Page<AliasState>(list.Aliases, list.NextMarker);
    }

    /// <summary>The names of the aliases pointing to a key, from the catalog: the key's actor is not woken.</summary>
    public async Task<IReadOnlyList<string>> AliasNamesOf(string keyId, CancellationToken ct = default)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            var list = await AskCatalog<KeyCatalogProtocol.AliasList>(new KeyCatalogProtocol.ListAliases(keyId, MaxListLimit, marker), ct);
            names.AddRange(list.Aliases.Select(a => a.AliasName));
            marker = list.NextMarker;
        } while (marker is not null);
        return names;
    }

    /// <summary>
    /// Turns a key id, key ARN, alias name or alias ARN into a key id. Malformed ids and names, other
    /// regions' ARNs and unknown aliases are all NotFound, as in AWS KMS.
    /// </summary>
    public async Task<(string? KeyId, KmsError? Error)> ResolveKey(string? reference, CancellationToken ct, string field = "KeyId")
    {
        if (string.IsNullOrEmpty(reference)) return (null, KmsError.Validation($"{field} is required."));
        if (KeyIds.IsValid(reference)) return (reference, null);
        var aliasName = reference;
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (!options.Arns.TryParse(reference, out var arnKeyId, out var arnAlias)) return (null, KmsError.NotFound(reference));
            if (arnKeyId is not null) return KeyIds.IsValid(arnKeyId) ? (arnKeyId, null) : (null, KmsError.NotFound(reference));
            aliasName = arnAlias!;
        }
        if (!AliasNames.IsAliasName(aliasName)) return (null, KmsError.NotFound(reference));
        return await AskAlias(new AliasCommands.ResolveAlias(aliasName), ct) switch
        {
            AliasReplies.Alias alias => (alias.State.TargetKeyId, null),
            KeyReplies.Failed { Error.Code: KmsErrorCode.NotFound } => (null, AliasDomain.NotFound(reference)),
            KeyReplies.Failed failed => (null, failed.Error),
            _ => (null, KmsError.Unavailable("Unexpected alias reply.")),
        };
    }

    private async Task<IKmsReply> ChangeAlias(string? aliasName, string? targetKey, Func<string, string, IAliasCommand> command, CancellationToken ct)
    {
        if (AliasNames.Problem(aliasName) is { } problem) return Failed(new KmsError(KmsErrorCode.InvalidAliasName, problem));
        if (targetKey is not null && (AliasNames.IsAliasName(targetKey) || targetKey.Contains(":alias/", StringComparison.Ordinal)))
            return Failed(KmsError.Validation("TargetKeyId must be a key id or key ARN, not an alias."));
        var (targetId, error) = await ResolveKey(targetKey, ct, "TargetKeyId");
        if (error is not null) return Failed(error);
        switch (await AskKey(new KeyCommands.DescribeKey(targetId!), ct))
        {
            case KeyReplies.Metadata { Key.KeyState: KeyStatus.PendingDeletion }:
                return Failed(KmsError.InvalidState(targetId!, "PendingDeletion", "pointing an alias at it"));
            case KeyReplies.Metadata:
                return await AskAlias(command(aliasName!, targetId!), ct);
            case var other:
                return other;
        }
    }

    /// <summary>A plain key id, the usual reference, goes straight to its actor; anything else is resolved first.</summary>
    private Task<IKmsReply> OnKey(string? key, Func<string, IKeyCommand> command, CancellationToken ct) =>
        KeyIds.IsValid(key) ? AskKey(command(key!), ct) : OnResolvedKey(key, command, ct);

    private async Task<IKmsReply> OnResolvedKey(string? key, Func<string, IKeyCommand> command, CancellationToken ct)
    {
        var (keyId, error) = await ResolveKey(key, ct);
        return error is not null ? Failed(error) : await AskKey(command(keyId!), ct);
    }

    private Task<IKmsReply> AskKey(IKeyCommand command, CancellationToken ct) =>
        options.Leases?.TryServe(command) is { } leased ? Task.FromResult<IKmsReply>(leased)
        : options.Journal is { Available: false } && NeedsWrite(command) ? Done(JournalUnavailable())
        : _keyRegion is { } region ? Ask<IKeyReply>(region, command, IsRetrySafe(command), "Key", command.KeyId, ct)
        : AskKeyOnceRegistered(command, ct);

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
}
