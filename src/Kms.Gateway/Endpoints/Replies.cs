using System.Text.Json;
using Kms.Actors.Keys;
using Kms.Gateway.Errors;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary>Writes a key reply: the success shape the operation defines, or the typed error.</summary>
internal static class Replies
{
    public static Task Write<TReply>(HttpContext http, IKeyReply reply, Func<TReply, object> success) where TReply : IKeyReply =>
        reply switch
        {
            TReply ok => WriteJson(http, success(ok)),
            KeyReplies.Failed failed => ErrorResponses.Write(http, failed.Error),
            _ => ErrorResponses.Write(http, StatusCodes.Status500InternalServerError, "KMSInternalException", "Unexpected reply from the key store."),
        };

    public static async Task WriteJson(HttpContext http, object body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, body.GetType(), GatewayJson.Options, http.RequestAborted);
    }
}
