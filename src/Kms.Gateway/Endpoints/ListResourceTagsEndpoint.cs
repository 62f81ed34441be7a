using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/listresourcetags</c>: <c>{"KeyId", "Limit"?, "Marker"?}</c> → <c>{"Tags": [{"TagKey", "TagValue"}], "NextMarker"?, "Truncated"}</c>.</summary>
public static class ListResourceTagsEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, Page<KeyValuePair<string, string>>>(http, options, (r, ct) => keys.ListResourceTags(r.KeyId, r.Limit, r.Marker, ct), p => new { Tags = p.Items.Select(t => new TagDto { TagKey = t.Key, TagValue = t.Value }), p.NextMarker, p.Truncated });
}
