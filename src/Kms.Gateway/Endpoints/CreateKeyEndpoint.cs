using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/createkey</c>: <c>{"Description"?, "KeyUsage"?, "KeySpec"?, "Tags"?}</c> → <c>{"KeyMetadata"}</c> (go-kms's fields first).</summary>
public static class CreateKeyEndpoint
{
    public sealed class Request
    {
        public string? Description { get; set; }
        public string? KeyUsage { get; set; }
        public string? KeySpec { get; set; }
        public string? CustomerMasterKeySpec { get; set; }
        public List<TagDto>? Tags { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => TagDto.ToDictionary(r.Tags) is var (tags, tagError) && tagError is not null ? Task.FromResult(tagError) : keys.CreateKey(r.Description, r.KeyUsage, r.KeySpec ?? r.CustomerMasterKeySpec, tags, ct), m => new { KeyMetadata = KeyMetadataDto.From(m.Key, keys.Arns) });
}
