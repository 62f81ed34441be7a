using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/decrypt</c>: <c>{"CiphertextBlob", "EncryptionContext"?}</c> → <c>{"Plaintext"}</c>; the key comes from the blob.</summary>
public static class DecryptEndpoint
{
    public sealed class Request
    {
        public byte[]? CiphertextBlob { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
    }

    public sealed record Response(byte[] Plaintext);

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is not { } request) return;
        var reply = await keys.Decrypt(request.CiphertextBlob, request.EncryptionContext, http.RequestAborted);
        await Replies.Write<KeyReplies.Decrypted>(http, reply, d => new Response(d.Plaintext));
    }
}
