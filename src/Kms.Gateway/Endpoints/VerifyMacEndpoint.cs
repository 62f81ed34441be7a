using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/verifymac</c>: <c>{"KeyId", "Message", "Mac", "MacAlgorithm"}</c> → <c>{"KeyId", "MacValid": true, "MacAlgorithm"}</c>, or KMSInvalidMacException.</summary>
public static class VerifyMacEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public byte[]? Message { get; set; }
        public byte[]? Mac { get; set; }
        public string? MacAlgorithm { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.MacVerified>(http, options, (r, ct) => keys.VerifyMac(r.KeyId, r.Message, r.Mac, r.MacAlgorithm, ct), v => new { KeyId = keys.Arns.Key(v.KeyId), MacValid = true, MacAlgorithm = AwsNames.Of(v.Algorithm) });
}
