using System.Diagnostics.CodeAnalysis;
using Kms.Domain.Aliases;

namespace Kms.Domain.Keys;

/// <summary>
/// The key a request named: either a <see cref="Keys.KeyId"/> or an alias name, which names a key once resolved (it may
/// not exist). ARNs are read into one of the two at the edge, which knows the node's region and account.
/// </summary>
public sealed record KeyReference
{
    private KeyReference(KeyId? keyId, string? aliasName, string named)
    {
        KeyId = keyId;
        AliasName = aliasName;
        Named = named;
    }

    /// <summary>The key named directly; null when an alias was named.</summary>
    public KeyId? KeyId { get; }

    /// <summary>The alias named (with its <c>alias/</c> prefix); null when a key id was named.</summary>
    public string? AliasName { get; }

    /// <summary>The reference as the caller wrote it (an ARN, say), for the errors that quote it.</summary>
    public string Named { get; init; }

    public static KeyReference To(KeyId keyId) => new(keyId, null, keyId.ToString());

    /// <summary>Reads a key id or an alias name. Anything else names no key.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out KeyReference? reference)
    {
        reference = Keys.KeyId.TryParse(text, out var keyId) ? To(keyId)
            : text is not null && AliasNames.IsAliasName(text) ? new KeyReference(null, text, text)
            : null;
        return reference is not null;
    }

    public override string ToString() => Named;
}
