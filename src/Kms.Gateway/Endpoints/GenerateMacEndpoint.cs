using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/generatemac</c>: <c>{"KeyId", "Message", "MacAlgorithm"}</c> → <c>{"Mac", "MacAlgorithm", "KeyId"}</c>.</summary>
public static class GenerateMacEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public byte[]? Message { get; set; }
        public string? MacAlgorithm { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Mac>(http, options, (r, ct) => keys.GenerateMac(r.KeyId, r.Message, r.MacAlgorithm, ct), m => new { Mac = m.Value, MacAlgorithm = AwsNames.Of(m.Algorithm), KeyId = keys.Arns.Key(m.KeyId) });
}
