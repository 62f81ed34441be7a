using System.Security.Cryptography;
using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Catalog;
using Kms.Actors.Crypto;

namespace Kms.Actors.Keys;

/// <summary>
/// The operation model behind every transport: each KMS operation as one call that routes to the key
/// actors (or the catalog) and always comes back with a reply, a typed failure included.
/// </summary>
public sealed class KeyOperations(IRequiredActor<KeyRegion> keys, IRequiredActor<KeyCatalog> catalog, KeyOperationsOptions options)
{
    public Task<IKeyReply> CreateKey(string? description, CancellationToken ct = default) =>
        Ask(new KeyCommands.CreateKey(KeyIds.New(), description ?? ""), ct);

    public Task<IKeyReply> DescribeKey(string? keyId, CancellationToken ct = default) =>
        AskKey(keyId, id => new KeyCommands.DescribeKey(id), ct);

    public Task<IKeyReply> EnableKey(string? keyId, CancellationToken ct = default) =>
        AskKey(keyId, id => new KeyCommands.EnableKey(id), ct);

    public Task<IKeyReply> DisableKey(string? keyId, CancellationToken ct = default) =>
        AskKey(keyId, id => new KeyCommands.DisableKey(id), ct);

    public Task<IKeyReply> Encrypt(string? keyId, byte[] plaintext, IReadOnlyDictionary<string, string>? context, CancellationToken ct = default) =>
        AskKey(keyId, id => new KeyCommands.Encrypt(id, plaintext, context), ct);

    public Task<IKeyReply> GenerateDataKey(string? keyId, int numberOfBytes, IReadOnlyDictionary<string, string>? context, CancellationToken ct = default) =>
        AskKey(keyId, id => new KeyCommands.GenerateDataKey(id, numberOfBytes, context), ct);

    /// <summary>Decrypts a blob; the key comes from the blob's header.</summary>
    public Task<IKeyReply> Decrypt(byte[]? blob, IReadOnlyDictionary<string, string>? context, CancellationToken ct = default)
    {
        if (blob is null || blob.Length == 0) return Task.FromResult(Failed(KmsError.Validation("CiphertextBlob is required.")));
        if (!CiphertextFormat.TryParse(blob, out var parsed, out var error)) return Task.FromResult(Failed(KmsError.InvalidCiphertext(error)));
        if (!KeyIds.IsValid(parsed.KeyId)) return Task.FromResult(Failed(KmsError.InvalidCiphertext("The ciphertext names no valid key.")));
        return Ask(new KeyCommands.Decrypt(parsed.KeyId, blob, context), ct);
    }

    /// <summary>Decrypts under the blob's key and encrypts the plaintext under the destination key; the plaintext is zeroed after.</summary>
    public async Task<IKeyReply> ReEncrypt(byte[]? blob, IReadOnlyDictionary<string, string>? sourceContext,
        string? destinationKeyId, IReadOnlyDictionary<string, string>? destinationContext, CancellationToken ct = default)
    {
        if (!KeyIds.IsValid(destinationKeyId)) return Failed(KmsError.NotFound(destinationKeyId ?? ""));
        var source = await Decrypt(blob, sourceContext, ct);
        if (source is not KeyReplies.Decrypted decrypted) return source;
        try
        {
            return await Encrypt(destinationKeyId, decrypted.Plaintext, destinationContext, ct) switch
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

    public async Task<KeyCatalogProtocol.KeyList> ListKeys(int limit, string? marker, CancellationToken ct = default)
    {
        var actor = await catalog.GetAsync(ct);
        return await actor.Ask<KeyCatalogProtocol.KeyList>(new KeyCatalogProtocol.ListKeys(limit, marker), options.AskTimeout, ct);
    }

    private Task<IKeyReply> AskKey(string? keyId, Func<string, IKeyCommand> command, CancellationToken ct) =>
        KeyIds.IsValid(keyId)
            ? Ask(command(keyId!), ct)
            : Task.FromResult(Failed(string.IsNullOrEmpty(keyId) ? KmsError.Validation("KeyId is required.") : KmsError.NotFound(keyId)));

    private async Task<IKeyReply> Ask(IKeyCommand command, CancellationToken ct)
    {
        var region = await keys.GetAsync(ct);
        try
        {
            return await region.Ask<IKeyReply>(command, options.AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return Failed(KmsError.Unavailable($"Key '{command.KeyId}' did not answer in time; try again."));
        }
    }

    private static IKeyReply Failed(KmsError error) => new KeyReplies.Failed(error);
}
