using Akka.Actor;
using Kms.Actors.Aliases;
using Kms.Actors.Keys;

namespace Kms.Actors.Catalog;

/// <summary>Messages of <see cref="KeyCatalogActor"/>.</summary>
public static class KeyCatalogProtocol
{
    /// <summary>Published on the local event stream by a key actor right after it persisted a change.</summary>
    public sealed record KeyChanged(KeyState State, long SequenceNr) : INoSerializationVerificationNeeded;

    /// <summary>Published on the local event stream once a destroyed key's events and snapshots are deleted.</summary>
    public sealed record KeyShredded(string KeyId) : INoSerializationVerificationNeeded;

    /// <summary>Published on the local event stream by an alias actor right after it persisted a change; a null state means deleted.</summary>
    public sealed record AliasChanged(string AliasName, AliasState? State, long SequenceNr) : INoSerializationVerificationNeeded;

    /// <summary>Asks for up to <paramref name="Limit"/> keys after <paramref name="Marker"/> (a key id), sorted by key id.</summary>
    public sealed record ListKeys(int Limit, string? Marker) : IKmsMessage;

    public sealed record KeyList(IReadOnlyList<KeyMetadata> Keys, string? NextMarker) : IKmsMessage;

    /// <summary>Asks for up to <paramref name="Limit"/> aliases after <paramref name="Marker"/> (an alias name), only those of <paramref name="KeyId"/> if given.</summary>
    public sealed record ListAliases(string? KeyId, int Limit, string? Marker) : IKmsMessage;

    public sealed record AliasList(IReadOnlyList<AliasState> Aliases, string? NextMarker) : IKmsMessage;
}
