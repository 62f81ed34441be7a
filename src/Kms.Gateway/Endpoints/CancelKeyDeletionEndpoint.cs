using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/cancelkeydeletion</c>: <c>{"KeyId"}</c> → <c>{"KeyId"}</c>; the key comes back Disabled.</summary>
public static class CancelKeyDeletionEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => keys.CancelKeyDeletion(r.KeyId, ct), m => new { KeyId = keys.Arns.Key(m.Key.KeyId) });
}
