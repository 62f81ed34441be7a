using System.Text.Json;
using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Errors;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary>Runs an operation for a request and writes its reply: the success shape the endpoint defines, or the typed error.</summary>
internal static class Replies
{
    public static async Task Run<TRequest, TReply>(HttpContext http, GatewayOptions options,
        Func<TRequest, CancellationToken, Task<IKmsReply>> operation, Func<TReply, object> success)
        where TRequest : class, new() where TReply : IKmsReply
    {
        if (await GatewayJson.ReadAsync<TRequest>(http, options.MaxBodyBytes) is not { } request) return;
        await Write(http, await operation(request, http.RequestAborted), success);
    }

    public static Task Write<TReply>(HttpContext http, IKmsReply reply, Func<TReply, object> success) where TReply : IKmsReply =>
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

    /// <summary>The empty answer of operations with no result.</summary>
    public static readonly object Empty = new { };
}
