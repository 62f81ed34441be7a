using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/enablekeyrotation</c>: <c>{"KeyId", "RotationPeriodInDays"?}</c> (90–2560, default 365) → <c>{}</c>.</summary>
public static class EnableKeyRotationEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? RotationPeriodInDays { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => keys.EnableKeyRotation(r.KeyId, r.RotationPeriodInDays, ct), _ => Replies.Empty);
}
