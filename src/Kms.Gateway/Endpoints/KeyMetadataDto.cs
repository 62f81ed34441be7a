using Kms.Actors.Keys;
using Kms.Gateway.Json;

namespace Kms.Gateway.Endpoints;

/// <summary>go-kms's KeyMetadata: <c>KeyId</c>, <c>CreationDate</c> (RFC 3339, UTC), <c>Description</c>, <c>Enabled</c>.</summary>
public sealed record KeyMetadataDto(string KeyId, string CreationDate, string Description, bool Enabled)
{
    public static KeyMetadataDto From(KeyMetadata key) =>
        new(key.KeyId, GatewayJson.Rfc3339(key.CreationDate), key.Description, key.Enabled);
}
