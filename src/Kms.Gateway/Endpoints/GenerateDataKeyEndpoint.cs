using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary>
/// <c>POST /api/v1/go-kms/generatedatakey</c>: <c>{"KeyID", "NumberOfBytes"?, "KeySpec"?, "EncryptionContext"?}</c> →
/// <c>{"Plaintext", "CiphertextBlob"}</c>; 32 bytes unless asked otherwise.
/// </summary>
public static class GenerateDataKeyEndpoint
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? NumberOfBytes { get; set; }
        public string? KeySpec { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
    }

    public sealed record Response(byte[] Plaintext, byte[] CiphertextBlob);

    public static async Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options)
    {
        if (await GatewayJson.ReadAsync<Request>(http, options.MaxBodyBytes) is not { } request) return;
        int size;
        switch (request.KeySpec, request.NumberOfBytes)
        {
            case (not null, not null):
                await Errors.ErrorResponses.Write(http, StatusCodes.Status400BadRequest, "ValidationException", "Give KeySpec or NumberOfBytes, not both.");
                return;
            case ("AES_256", null):
                size = 32;
                break;
            case ("AES_128", null):
                size = 16;
                break;
            case (not null, null):
                await Errors.ErrorResponses.Write(http, StatusCodes.Status400BadRequest, "ValidationException", "KeySpec must be AES_256 or AES_128.");
                return;
            default:
                size = request.NumberOfBytes ?? KeyLimits.DefaultDataKeyBytes;
                break;
        }
        var reply = await keys.GenerateDataKey(request.KeyId, size, request.EncryptionContext, http.RequestAborted);
        await Replies.Write<KeyReplies.DataKey>(http, reply, d => new Response(d.Plaintext, d.CiphertextBlob));
    }
}
