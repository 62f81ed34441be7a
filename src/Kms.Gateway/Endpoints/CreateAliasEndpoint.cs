using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/createalias</c>: <c>{"AliasName", "TargetKeyId"}</c> → <c>{}</c>; alias names are unique.</summary>
public static class CreateAliasEndpoint
{
    public sealed class Request
    {
        public string? AliasName { get; set; }
        public string? TargetKeyId { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, AliasReplies.Alias>(http, options, (r, ct) => keys.CreateAlias(r.AliasName, r.TargetKeyId, ct), _ => Replies.Empty);
}
