using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/deletealias</c>: <c>{"AliasName"}</c> → <c>{}</c>.</summary>
public static class DeleteAliasEndpoint
{
    public sealed class Request
    {
        public string? AliasName { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, AliasReplies.Deleted>(http, options, (r, ct) => keys.DeleteAlias(r.AliasName, ct), _ => Replies.Empty);
}
