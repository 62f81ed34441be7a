using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/tagresource</c>: <c>{"KeyId", "Tags": [{"TagKey", "TagValue"}]}</c> → <c>{}</c>.</summary>
public static class TagResourceEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public List<TagDto>? Tags { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => TagDto.ToDictionary(r.Tags) is var (tags, tagError) && tagError is not null ? Task.FromResult(tagError) : keys.TagResource(r.KeyId, tags, ct), _ => Replies.Empty);
}
