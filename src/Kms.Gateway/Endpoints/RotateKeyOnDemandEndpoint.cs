using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/rotatekeyondemand</c>: <c>{"KeyId"}</c> → <c>{"KeyId"}</c>; a new version of key material, used for new encryptions.</summary>
public static class RotateKeyOnDemandEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => keys.RotateKeyOnDemand(r.KeyId, ct), m => new { KeyId = m.Key.KeyId });
}
