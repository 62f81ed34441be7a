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

    public sealed record Response(byte[] CiphertextBlob);

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is not { } request) return;
        var reply = await keys.Encrypt(request.KeyId, request.Plaintext ?? [], request.EncryptionContext, http.RequestAborted);
        await Replies.Write<KeyReplies.Encrypted>(http, reply, e => new Response(e.CiphertextBlob));
    }
}
