using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>Writes success bodies.</summary>
internal static class Replies
{
    public static Task WriteJson(HttpContext http, object body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = Front.IsAwsRequest(http) ? "application/x-amz-json-1.1" : "application/json";
        return GatewayJson.WriteAsync(http, body, body.GetType());
    }

    /// <summary>The empty answer of operations with no result.</summary>
    public static readonly object Empty = new { };
}
