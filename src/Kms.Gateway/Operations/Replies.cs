using System.Text.Json;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>Writes success bodies.</summary>
internal static class Replies
{
    public static async Task WriteJson(HttpContext http, object body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = Front.IsAwsRequest(http) ? "application/x-amz-json-1.1" : "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, body.GetType(), GatewayJson.Options, http.RequestAborted);
    }

    /// <summary>The empty answer of operations with no result.</summary>
    public static readonly object Empty = new { };
}
