using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;
using Kms.Actors.Persistence;

namespace Kms.Actors.Serialization;

/// <summary>
/// Serializes every <see cref="IKmsMessage"/> as JSON, or the hot cross-node messages in the binary
/// <see cref="WireFormat"/> (manifests ending in <c>.b1</c>), under a stable manifest that names the contract,
/// not the CLR type, so classes can be renamed or moved without breaking recovery. A persisted type's
/// manifest must never change; a new shape gets a new manifest.
/// </summary>
public sealed class KmsSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Defined with the journal's sealed rows, which store it.</summary>
    public const int Id = JournalIntegrity.SealedSerializerId;
    public const string SealedManifest = JournalIntegrity.SealedManifest;

    /// <summary>Manifests of every serializable type. The serializer test checks this covers every <see cref="IKmsMessage"/>.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        // Journal and snapshots: never change these.
        [typeof(KeyEvents.KeyCreated)] = "key-created.v1",
        [typeof(KeyEvents.KeyEnabled)] = "key-enabled.v1",
        [typeof(KeyEvents.KeyDisabled)] = "key-disabled.v1",
        [typeof(KeyEvents.KeyDescriptionUpdated)] = "key-description-updated.v1",
        [typeof(KeyEvents.KeyDeletionScheduled)] = "key-deletion-scheduled.v1",
        [typeof(KeyEvents.KeyDeletionCancelled)] = "key-deletion-cancelled.v1",
        [typeof(KeyEvents.KeyDestroyed)] = "key-destroyed.v1",
        [typeof(KeyEvents.KeyHistoryDeleted)] = "key-history-deleted.v1",
        [typeof(KeyEvents.KeyRotated)] = "key-rotated.v1",
        [typeof(KeyEvents.KeyRotationEnabled)] = "key-rotation-enabled.v1",
        [typeof(KeyEvents.KeyRotationDisabled)] = "key-rotation-disabled.v1",
        [typeof(KeyEvents.KeyTagged)] = "key-tagged.v1",
        [typeof(KeyEvents.KeyMaterialRewrapped)] = "key-material-rewrapped.v1",
        [typeof(KeyEvents.KeyUntagged)] = "key-untagged.v1",
        [typeof(KeyState)] = "key-state.v1",
        [typeof(AliasEvents.AliasCreated)] = "alias-created.v1",
        [typeof(AliasEvents.AliasUpdated)] = "alias-updated.v1",
        [typeof(AliasEvents.AliasDeleted)] = "alias-deleted.v1",
        [typeof(Persistence.SealedPayload)] = SealedManifest,

        // Cluster messages.
        [typeof(KeyCommands.CreateKey)] = "cmd-create-key.v1",
        [typeof(KeyCommands.DescribeKey)] = "cmd-describe-key.v1",
        [typeof(KeyCommands.EnableKey)] = "cmd-enable-key.v1",
        [typeof(KeyCommands.DisableKey)] = "cmd-disable-key.v1",
        [typeof(KeyCommands.Encrypt)] = "encrypt.b1",
        [typeof(KeyCommands.Decrypt)] = "decrypt.b1",
        [typeof(KeyCommands.GenerateDataKey)] = "generate-data-key.b1",
        [typeof(KeyCommands.UpdateKeyDescription)] = "cmd-update-key-description.v1",
        [typeof(KeyCommands.ScheduleKeyDeletion)] = "cmd-schedule-key-deletion.v1",
        [typeof(KeyCommands.CancelKeyDeletion)] = "cmd-cancel-key-deletion.v1",
        [typeof(KeyCommands.RotateKeyOnDemand)] = "cmd-rotate-key-on-demand.v1",
        [typeof(KeyCommands.EnableKeyRotation)] = "cmd-enable-key-rotation.v1",
        [typeof(KeyCommands.DisableKeyRotation)] = "cmd-disable-key-rotation.v1",
        [typeof(KeyCommands.GetKeyRotationStatus)] = "cmd-get-key-rotation-status.v1",
        [typeof(KeyCommands.ListKeyRotations)] = "cmd-list-key-rotations.v1",
        [typeof(KeyCommands.TagResource)] = "cmd-tag-resource.v1",
        [typeof(KeyCommands.UntagResource)] = "cmd-untag-resource.v1",
        [typeof(KeyCommands.ListResourceTags)] = "cmd-list-resource-tags.v1",
        [typeof(KeyCommands.RunDueTasks)] = "cmd-run-due-tasks.v1",
        [typeof(KeyCommands.RewrapMaterial)] = "cmd-rewrap-material.v1",
        [typeof(KeyCommands.GenerateMac)] = "generate-mac.b1",
        [typeof(KeyCommands.VerifyMac)] = "verify-mac.b1",
        [typeof(AliasCommands.CreateAlias)] = "cmd-create-alias.v1",
        [typeof(AliasCommands.UpdateAlias)] = "cmd-update-alias.v1",
        [typeof(AliasCommands.DeleteAlias)] = "cmd-delete-alias.v1",
        [typeof(AliasCommands.ResolveAlias)] = "cmd-resolve-alias.v1",
        [typeof(AliasState)] = "alias-state.v1",
        [typeof(AliasReplies.Alias)] = "reply-alias.v1",
        [typeof(AliasReplies.Deleted)] = "reply-alias-deleted.v1",
        [typeof(KeyMetadata)] = "key-metadata.v1",
        [typeof(KeyReplies.Metadata)] = "reply-metadata.v1",
        [typeof(KeyReplies.Encrypted)] = "encrypted.b1",
        [typeof(KeyReplies.Decrypted)] = "decrypted.b1",
        [typeof(KeyReplies.DataKey)] = "data-key.b1",
        [typeof(KeyReplies.ReEncrypted)] = "reply-re-encrypted.v1",
        [typeof(KeyReplies.Failed)] = "failed.b1",
        [typeof(KeyReplies.Mac)] = "mac.b1",
        [typeof(KeyReplies.RandomBytes)] = "reply-random-bytes.v1",
        [typeof(KeyReplies.MacVerified)] = "mac-verified.b1",
        [typeof(KeyReplies.RotationStatus)] = "reply-rotation-status.v1",
        [typeof(KeyReplies.Rotations)] = "reply-rotations.v1",
        [typeof(KeyReplies.Rotation)] = "reply-rotation.v1",
        [typeof(KeyReplies.Tags)] = "reply-tags.v1",
        [typeof(KeyCatalogProtocol.ListKeys)] = "catalog-list-keys.v1",
        [typeof(KeyCatalogProtocol.KeyList)] = "catalog-key-list.v1",
        [typeof(KeyCatalogProtocol.ListAliases)] = "catalog-list-aliases.v1",
        [typeof(KeyCatalogProtocol.AliasList)] = "catalog-alias-list.v1",
        [typeof(Leases.KeyLeases.Request)] = "lease-request.v1",
        [typeof(Leases.KeyLeases.Grant)] = "lease-grant.v1",
        [typeof(Leases.KeyLeases.Refused)] = "lease-refused.v1",
        [typeof(Leases.KeyLeases.Revoke)] = "lease-revoke.v1",
        [typeof(Leases.KeyLeases.Revoked)] = "lease-revoked.v1",
    };

    private static readonly Dictionary<string, Type> TypesByManifest = Manifests
        .Concat(WireFormat.JsonManifests)
        .ToDictionary(p => p.Value, p => p.Key);

    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly bool _binaryWire = system.Settings.Config.GetBoolean("kms.serialization.binary-wire", true);

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        !_binaryWire && WireFormat.JsonManifests.TryGetValue(o.GetType(), out var json) ? json
        : Manifests.TryGetValue(o.GetType(), out var manifest) ? manifest
        : throw new SerializationException($"{o.GetType().FullName} has no manifest in {nameof(KmsSerializer)}.");

    public override byte[] ToBinary(object obj)
    {
        if (_binaryWire && WireFormat.JsonManifests.ContainsKey(obj.GetType())) return WireFormat.Write(obj);
        Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (WireFormat.TryRead(manifest, bytes, out var message)) return message;
        try
        {
            return TypesByManifest.TryGetValue(manifest, out var type)
                ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"Empty payload for {manifest}.")
                : throw new SerializationException($"Unknown manifest '{manifest}'.");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"Malformed {manifest} message: {e.Message}", e);
        }
    }
}
