using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/getkeyrotationstatus</c>: <c>{"KeyId"}</c> → <c>{"KeyRotationEnabled", "KeyId", "RotationPeriodInDays"?, "NextRotationDate"?}</c>.</summary>
public static class GetKeyRotationStatusEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.RotationStatus>(http, options, (r, ct) => keys.GetKeyRotationStatus(r.KeyId, ct), s => new { KeyRotationEnabled = s.Enabled, KeyId = keys.Arns.Key(s.KeyId), s.RotationPeriodInDays, NextRotationDate = s.NextRotationDate is { } next ? GatewayJson.Rfc3339(next) : null });
}
