using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Observability;

/// <summary>
/// What the request's single log line and metrics say, gathered as the request passes through. It is one
/// small object per request, kept as a request feature (not in <c>HttpContext.Items</c>, whose dictionary
/// would grow twice on every request for these five entries).
/// </summary>
public static class RequestLog
{
    public const string RequestIdHeader = "x-kms-request-id";

    private sealed class Record(string requestId)
    {
        public readonly string RequestId = requestId;
        public string? Operation, Key, Principal, Error;
    }

    public static string RequestId(HttpContext http) => Get(http)?.RequestId ?? "";

    public static void Start(HttpContext http, string requestId) => http.Features.Set(new Record(requestId));

    public static void SetOperation(HttpContext http, string operation)
    {
        if (Get(http) is { } record) record.Operation = operation;
    }

    public static void SetKey(HttpContext http, string key)
    {
        if (Get(http) is { } record) record.Key = key;
    }

    public static void SetPrincipal(HttpContext http, string name)
    {
        if (Get(http) is { } record) record.Principal = name;
    }

    public static void SetError(HttpContext http, string errorType)
    {
        if (Get(http) is { } record) record.Error = errorType;
    }

    public static string? Operation(HttpContext http) => Get(http)?.Operation;

    public static string? Key(HttpContext http) => Get(http)?.Key;

    public static string? Principal(HttpContext http) => Get(http)?.Principal;

    public static string? Error(HttpContext http) => Get(http)?.Error;

    /// <summary>Null outside <see cref="RequestLoggingMiddleware"/> (a unit test of one piece): then nothing is noted.</summary>
    private static Record? Get(HttpContext http) => http.Features.Get<Record>();
}
