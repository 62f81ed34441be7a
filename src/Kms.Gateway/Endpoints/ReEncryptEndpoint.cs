using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/reencrypt</c>: <c>{"CiphertextBlob", "DestinationKeyId", "SourceEncryptionContext"?, "SourceKeyId"?, "DestinationEncryptionContext"?}</c> → <c>{"CiphertextBlob", "KeyID", "SourceKeyID"}</c> (go-kms's casing).</summary>
public static class ReEncryptEndpoint
{
    public sealed class Request
    {
        public byte[]? CiphertextBlob { get; set; }
        public string? DestinationKeyId { get; set; }
        public string? SourceKeyId { get; set; }
        public Dictionary<string, string>? SourceEncryptionContext { get; set; }
        public Dictionary<string, string>? DestinationEncryptionContext { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.ReEncrypted>(http, options, (r, ct) => keys.ReEncrypt(r.CiphertextBlob, r.SourceEncryptionContext, r.SourceKeyId, r.DestinationKeyId, r.DestinationEncryptionContext, ct), e => new { e.CiphertextBlob, KeyID = e.KeyId, SourceKeyID = e.SourceKeyId });
}
