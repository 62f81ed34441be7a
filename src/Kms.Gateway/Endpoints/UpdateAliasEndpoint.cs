using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/updatealias</c>: <c>{"AliasName", "TargetKeyId"}</c> → <c>{}</c>.</summary>
public static class UpdateAliasEndpoint
{
    public sealed class Request
    {
        public string? AliasName { get; set; }
        public string? TargetKeyId { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, AliasReplies.Alias>(http, options, (r, ct) => keys.UpdateAlias(r.AliasName, r.TargetKeyId, ct), _ => Replies.Empty);
}
