using Kms.Actors.Keys;

namespace Kms.Actors.Catalog;

/// <summary>Messages of <see cref="KeyCatalogActor"/>.</summary>
public static class KeyCatalogProtocol
{
    /// <summary>
    /// Asks for up to <paramref name="Limit"/> keys after <paramref name="Marker"/> (a key id), sorted by key id; with a
    /// <see cref="Scope"/>, only the keys in it, so that the page and its marker come from what the principal may see.
    /// </summary>
    public sealed record ListKeys(int Limit, string? Marker) : IKmsMessage
    {
        public KeyScope? Scope { get; init; }
    }

    public sealed record KeyList(IReadOnlyList<KeyMetadata> Keys, string? NextMarker) : IKmsMessage;

    /// <summary>
    /// Asks for up to <paramref name="Limit"/> aliases after <paramref name="Marker"/> (an alias name), only those of
    /// <paramref name="KeyId"/> if given; with a <see cref="Scope"/>, only aliases of keys in it.
    /// </summary>
    public sealed record ListAliases(string? KeyId, int Limit, string? Marker) : IKmsMessage
    {
        public KeyScope? Scope { get; init; }
    }

    public sealed record AliasList(IReadOnlyList<AliasState> Aliases, string? NextMarker) : IKmsMessage;
}
