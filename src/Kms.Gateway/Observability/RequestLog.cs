using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Observability;

/// <summary>What the request's single log line and metrics say, gathered as the request passes through.</summary>
public static class RequestLog
{
    public const string RequestIdHeader = "x-kms-request-id";
    private const string IdKey = "kms.request-id", OperationKey = "kms.operation", KeyKey = "kms.key", PrincipalKey = "kms.principal-name", ErrorKey = "kms.error";

    public static string RequestId(HttpContext http) => http.Items[IdKey] as string ?? "";

    public static void Start(HttpContext http, string requestId) => http.Items[IdKey] = requestId;

    public static void SetOperation(HttpContext http, string operation) => http.Items[OperationKey] = operation;

    public static void SetKey(HttpContext http, string key) => http.Items[KeyKey] = key;

    public static void SetPrincipal(HttpContext http, string name) => http.Items[PrincipalKey] = name;

    public static void SetError(HttpContext http, string errorType) => http.Items[ErrorKey] = errorType;

    public static string? Operation(HttpContext http) => http.Items[OperationKey] as string;

    public static string? Key(HttpContext http) => http.Items[KeyKey] as string;

    public static string? Principal(HttpContext http) => http.Items[PrincipalKey] as string;

    public static string? Error(HttpContext http) => http.Items[ErrorKey] as string;
}
