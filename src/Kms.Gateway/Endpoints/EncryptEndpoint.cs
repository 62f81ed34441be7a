using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/encrypt</c>: <c>{"KeyID", "Plaintext", "EncryptionContext"?}</c> → <c>{"CiphertextBlob"}</c>.</summary>
public static class EncryptEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public byte[]? Plaintext { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Encrypted>(http, options, (r, ct) => keys.Encrypt(r.KeyId, r.Plaintext, r.EncryptionContext, ct), e => new { e.CiphertextBlob });
}
