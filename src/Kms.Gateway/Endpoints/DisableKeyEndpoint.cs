using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/disablekey</c>: <c>{"KeyID"}</c> → <c>{"KeyMetadata"}</c>; idempotent.</summary>
public static class DisableKeyEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is not { } request) return;
        var reply = await keys.DisableKey(request.KeyId, http.RequestAborted);
        await Replies.Write<KeyReplies.Metadata>(http, reply, m => new KeyMetadataResponse(KeyMetadataDto.From(m.Key)));
    }
}
