using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/untagresource</c>: <c>{"KeyId", "TagKeys": [...]}</c> → <c>{}</c>.</summary>
public static class UntagResourceEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public List<string>? TagKeys { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => keys.UntagResource(r.KeyId, r.TagKeys, ct), _ => Replies.Empty);
}
