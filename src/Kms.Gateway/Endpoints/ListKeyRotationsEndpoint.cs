using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/listkeyrotations</c>: <c>{"KeyId", "Limit"?, "Marker"?}</c> → <c>{"Rotations": [{"KeyId", "RotationDate", "RotationType"}], "NextMarker"?, "Truncated"}</c>.</summary>
public static class ListKeyRotationsEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is not { } r) return;
        var (keyId, _) = await keys.ResolveKey(r.KeyId, http.RequestAborted);
        var keyArn = keyId is null ? r.KeyId : keys.Arns.Key(keyId);
        var ct = http.RequestAborted;
        await Replies.Write<Page<KeyReplies.Rotation>>(http, await keys.ListKeyRotations(r.KeyId, r.Limit, r.Marker, ct), p => new { Rotations = p.Items.Select(i => new { KeyId = keyArn, RotationDate = GatewayJson.Rfc3339(i.RotationDate), RotationType = AwsNames.Of(i.RotationType) }), p.NextMarker, p.Truncated });
    }
}
