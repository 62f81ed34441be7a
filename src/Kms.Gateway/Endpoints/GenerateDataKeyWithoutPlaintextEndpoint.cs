using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/generatedatakeywithoutplaintext</c>: as generatedatakey, but answers only <c>{"CiphertextBlob", "KeyId"}</c>.</summary>
public static class GenerateDataKeyWithoutPlaintextEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? NumberOfBytes { get; set; }
        public string? KeySpec { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.DataKey>(http, options, (r, ct) => keys.GenerateDataKey(r.KeyId, r.KeySpec, r.NumberOfBytes, r.EncryptionContext, ct), d => new { d.CiphertextBlob, KeyId = keys.Arns.Key(d.KeyId) });
}
