using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>Writes success bodies.</summary>
internal static class Replies
{
    /// <summary>Writes a reply record of <c>Kms.Gateway.Responses</c>, which <see cref="ResponseJsonContext"/> knows how to serialize.</summary>
    public static Task WriteJson(HttpContext http, object body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = Front.IsAwsRequest(http) ? "application/x-amz-json-1.1" : "application/json";
        return GatewayJson.WriteAsync(http, body);
    }
}
