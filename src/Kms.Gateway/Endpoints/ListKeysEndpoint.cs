using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary>
/// <c>POST /api/v1/go-kms/listkeys</c>: <c>{"Limit"?, "Marker"?}</c> → <c>{"KeyMetadata": [...], "NextMarker"?, "Truncated"}</c>,
/// sorted by KeyId. Without a Limit it lists every key, as go-kms did.
/// </summary>
public static class ListKeysEndpoint
{
    public sealed class Request
    {
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is not { } request) return;
        var all = new List<KeyMetadataDto>();
        var marker = request.Marker;
        do
        {
            var reply = await keys.ListKeys(request.Limit ?? KeyOperations.MaxListLimit, marker, http.RequestAborted);
            if (reply is not Page<KeyMetadata> page)
            {
                await Replies.Write<Page<KeyMetadata>>(http, reply, _ => Replies.Empty);
                return;
            }
            all.AddRange(page.Items.Select(k => KeyMetadataDto.From(k, keys.Arns)));
            marker = page.NextMarker;
        } while (marker is not null && request.Limit is null);
        await Replies.WriteJson(http, new { KeyMetadata = all, NextMarker = marker, Truncated = marker is not null });
    }
}
