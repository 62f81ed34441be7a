using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/enablekey</c>: <c>{"KeyID"}</c> → <c>{"KeyMetadata"}</c>; idempotent.</summary>
public static class EnableKeyEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => keys.EnableKey(r.KeyId, ct), m => new { KeyMetadata = KeyMetadataDto.From(m.Key, keys.Arns) });
}
