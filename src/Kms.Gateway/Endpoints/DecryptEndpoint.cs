using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/decrypt</c>: <c>{"CiphertextBlob", "EncryptionContext"?, "KeyId"?}</c> → <c>{"Plaintext"}</c>; the key comes from the blob.</summary>
public static class DecryptEndpoint
{
    public sealed class Request
    {
        public byte[]? CiphertextBlob { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
        public string? KeyId { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.Decrypted>(http, options, (r, ct) => keys.Decrypt(r.CiphertextBlob, r.EncryptionContext, r.KeyId, ct), d => new { d.Plaintext });
}
