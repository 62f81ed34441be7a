using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/updatekeydescription</c>: <c>{"KeyId", "Description"}</c> → <c>{}</c>.</summary>
public static class UpdateKeyDescriptionEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public string? Description { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => keys.UpdateKeyDescription(r.KeyId, r.Description, ct), _ => Replies.Empty);
}
