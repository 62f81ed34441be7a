using Kms.Actors;
using Kms.Gateway.Json;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Errors;

/// <summary>
/// AWS-style error bodies, <c>{"__type": "…Exception", "message": "…"}</c>. The native API gives each kind
/// its own HTTP status; the AWS protocol answers as AWS does: 400 for every client error, 5xx only for
/// server faults (clients retry those).
/// </summary>
public static class ErrorResponses
{
    public static string TypeOf(KmsErrorCode code) => code switch
    {
        KmsErrorCode.Validation => "ValidationException",
        KmsErrorCode.InvalidCiphertext => "InvalidCiphertextException",
        KmsErrorCode.NotFound => "NotFoundException",
        KmsErrorCode.Disabled => "DisabledException",
        KmsErrorCode.InvalidState => "KMSInvalidStateException",
        KmsErrorCode.KeyUnavailable => "KeyUnavailableException",
        KmsErrorCode.InvalidKeyUsage => "InvalidKeyUsageException",
        KmsErrorCode.IncorrectKey => "IncorrectKeyException",
        KmsErrorCode.AlreadyExists => "AlreadyExistsException",
        KmsErrorCode.InvalidMac => "KMSInvalidMacException",
        KmsErrorCode.LimitExceeded => "LimitExceededException",
        KmsErrorCode.UnsupportedOperation => "UnsupportedOperationException",
        KmsErrorCode.Tag => "TagException",
        KmsErrorCode.InvalidMarker => "InvalidMarkerException",
        KmsErrorCode.InvalidAliasName => "InvalidAliasNameException",
        KmsErrorCode.AccessDenied => "AccessDeniedException",
        _ => "KMSInternalException",
    };

    public static int NativeStatus(KmsErrorCode code) => code switch
    {
        KmsErrorCode.NotFound => StatusCodes.Status404NotFound,
        KmsErrorCode.Disabled or KmsErrorCode.InvalidState or KmsErrorCode.AlreadyExists => StatusCodes.Status409Conflict,
        KmsErrorCode.AccessDenied => StatusCodes.Status403Forbidden,
        KmsErrorCode.KeyUnavailable => StatusCodes.Status503ServiceUnavailable,
        KmsErrorCode.Internal => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    public static int AwsStatus(KmsErrorCode code) => code switch
    {
        KmsErrorCode.KeyUnavailable or KmsErrorCode.Internal => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    public static Task Write(HttpContext http, KmsError error)
    {
        var status = Front.IsAwsRequest(http) ? AwsStatus(error.Code) : NativeStatus(error.Code);
        return Write(http, status, TypeOf(error.Code), error.Message);
    }

    public static Task Write(HttpContext http, int status, string type, string message)
    {
        Observability.RequestLog.SetError(http, type);
        http.Response.StatusCode = status;
        http.Response.ContentType = Front.IsAwsRequest(http) ? "application/x-amz-json-1.1" : "application/json";
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "1";
        return GatewayJson.WriteAsync(http, new ErrorBody(type, message));
    }
}
