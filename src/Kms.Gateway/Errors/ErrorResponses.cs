using System.Text.Json;
using Kms.Actors;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Errors;

/// <summary>AWS-style error bodies, <c>{"__type": "…Exception", "message": "…"}</c>, and the HTTP status of each error kind.</summary>
public static class ErrorResponses
{
    public static (int Status, string Type) Map(KmsErrorCode code) => code switch
    {
        KmsErrorCode.Validation => (StatusCodes.Status400BadRequest, "ValidationException"),
        KmsErrorCode.InvalidCiphertext => (StatusCodes.Status400BadRequest, "InvalidCiphertextException"),
        KmsErrorCode.NotFound => (StatusCodes.Status404NotFound, "NotFoundException"),
        KmsErrorCode.Disabled => (StatusCodes.Status409Conflict, "DisabledException"),
        KmsErrorCode.InvalidState => (StatusCodes.Status409Conflict, "KMSInvalidStateException"),
        KmsErrorCode.KeyUnavailable => (StatusCodes.Status503ServiceUnavailable, "KeyUnavailableException"),
        KmsErrorCode.InvalidKeyUsage => (StatusCodes.Status400BadRequest, "InvalidKeyUsageException"),
        KmsErrorCode.IncorrectKey => (StatusCodes.Status400BadRequest, "IncorrectKeyException"),
        KmsErrorCode.AlreadyExists => (StatusCodes.Status409Conflict, "AlreadyExistsException"),
        KmsErrorCode.InvalidMac => (StatusCodes.Status400BadRequest, "KMSInvalidMacException"),
        KmsErrorCode.LimitExceeded => (StatusCodes.Status400BadRequest, "LimitExceededException"),
        KmsErrorCode.UnsupportedOperation => (StatusCodes.Status400BadRequest, "UnsupportedOperationException"),
        KmsErrorCode.Tag => (StatusCodes.Status400BadRequest, "TagException"),
        KmsErrorCode.InvalidMarker => (StatusCodes.Status400BadRequest, "InvalidMarkerException"),
        KmsErrorCode.InvalidAliasName => (StatusCodes.Status400BadRequest, "InvalidAliasNameException"),
        _ => (StatusCodes.Status500InternalServerError, "KMSInternalException"),
    };

    public static Task Write(HttpContext http, KmsError error)
    {
        var (status, type) = Map(error.Code);
        return Write(http, status, type, error.Message);
    }

    public static async Task Write(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "1";
        await JsonSerializer.SerializeAsync(http.Response.Body, new ErrorBody(type, message), GatewayJson.Options, http.RequestAborted);
    }

    private sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);
}
