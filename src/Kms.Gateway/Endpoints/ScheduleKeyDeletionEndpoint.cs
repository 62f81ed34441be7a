using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/schedulekeydeletion</c>: <c>{"KeyId", "PendingWindowInDays"?}</c> (7–30, default 30) → <c>{"KeyId", "DeletionDate", "KeyState", "PendingWindowInDays"}</c>.</summary>
public static class ScheduleKeyDeletionEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? PendingWindowInDays { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Metadata>(http, options, (r, ct) => keys.ScheduleKeyDeletion(r.KeyId, r.PendingWindowInDays, ct), m => new { KeyId = keys.Arns.Key(m.Key.KeyId), DeletionDate = GatewayJson.Rfc3339(m.Key.DeletionDate!.Value), KeyState = AwsNames.Of(m.Key.KeyState), PendingWindowInDays = m.Key.PendingDeletionWindowInDays });
}
