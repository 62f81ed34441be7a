using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/listaliases</c>: <c>{"KeyId"?, "Limit"?, "Marker"?}</c> → <c>{"Aliases": [{"AliasName", "AliasArn", "TargetKeyId", "CreationDate", "LastUpdatedDate"}], "NextMarker"?, "Truncated"}</c>.</summary>
public static class ListAliasesEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, Page<AliasState>>(http, options, (r, ct) => keys.ListAliases(r.KeyId, r.Limit, r.Marker, ct), p => new { Aliases = p.Items.Select(a => new { a.AliasName, AliasArn = keys.Arns.Alias(a.AliasName), a.TargetKeyId, CreationDate = GatewayJson.Rfc3339(a.CreationDate), LastUpdatedDate = GatewayJson.Rfc3339(a.LastUpdatedDate) }), p.NextMarker, p.Truncated });
}
