using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/generatedatakey</c>: <c>{"KeyID", "NumberOfBytes"? or "KeySpec"?, "EncryptionContext"?}</c> → <c>{"Plaintext", "CiphertextBlob"}</c>; 32 bytes unless asked otherwise.</summary>
public static class GenerateDataKeyEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? NumberOfBytes { get; set; }
        public string? KeySpec { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.DataKey>(http, options, (r, ct) => keys.GenerateDataKey(r.KeyId, r.KeySpec, r.NumberOfBytes, r.EncryptionContext, ct), d => new { d.Plaintext, d.CiphertextBlob });
}
