using System.Text.Json.Serialization;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary>
/// <c>POST /api/v1/go-kms/reencrypt</c>: <c>{"CiphertextBlob", "DestinationKeyId"}</c> →
/// <c>{"CiphertextBlob", "KeyID", "SourceKeyID"}</c> (go-kms's casing).
/// </summary>
public static class ReEncryptEndpoint
{
    public sealed class Request
    {
        public byte[]? CiphertextBlob { get; set; }
        public string? DestinationKeyId { get; set; }
        public Dictionary<string, string>? SourceEncryptionContext { get; set; }
        public Dictionary<string, string>? DestinationEncryptionContext { get; set; }
    }

    public sealed record Response(
        byte[] CiphertextBlob,
        [property: JsonPropertyName("KeyID")] string KeyId,
        [property: JsonPropertyName("SourceKeyID")] string SourceKeyId);

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is not { } request) return;
        var reply = await keys.ReEncrypt(request.CiphertextBlob, request.SourceEncryptionContext,
            request.DestinationKeyId, request.DestinationEncryptionContext, http.RequestAborted);
        await Replies.Write<KeyReplies.ReEncrypted>(http, reply, r => new Response(r.CiphertextBlob, r.KeyId, r.SourceKeyId));
    }
}
