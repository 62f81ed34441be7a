using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Kms.Gateway.Observability;

/// <summary>
/// Gives every request an id (returned as <c>x-kms-request-id</c>, errors included), writes one structured
/// log line per request (operation, key as the caller named it, outcome, duration, request id, principal)
/// and feeds the request metrics. Labels are bounded: operation names and error types, never key ids.
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> log)
{
    private static readonly Counter Requests = Metrics.CreateCounter("kms_requests_total", "Requests by operation and outcome.", "operation", "outcome");
    private static readonly Histogram Latency = Metrics.CreateHistogram("kms_request_duration_seconds", "Request latency by operation.",
        new HistogramConfiguration { LabelNames = ["operation"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

    public async Task InvokeAsync(HttpContext http)
    {
        var requestId = RequestIds.Next();
        RequestLog.Start(http, requestId);
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[RequestLog.RequestIdHeader] = requestId;
            return Task.CompletedTask;
        });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var operation = RequestLog.Operation(http);
            if (operation is not null)
            {
                var error = RequestLog.Error(http);
                Requests.WithLabels(operation, error ?? "ok").Inc();
                Latency.WithLabels(operation).Observe(elapsed.TotalSeconds);
                if (log.IsEnabled(LogLevel.Information))
                    LogRequest(log, requestId, operation, RequestLog.Key(http) ?? "-", RequestLog.Principal(http) ?? "-", http.Response.StatusCode,
                        error ?? "ok", Math.Round(elapsed.TotalMilliseconds, 1));
            }
        }
    }

    // Source-generated: the template is parsed once and no argument array is built per request (docs/benchmarks.md).
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "request {RequestId} {Operation} key={Key} principal={Principal} status={Status} outcome={Outcome} {DurationMs}ms")]
    private static partial void LogRequest(ILogger log, string requestId, string operation, string key, string principal, int status, string outcome, double durationMs);
}
