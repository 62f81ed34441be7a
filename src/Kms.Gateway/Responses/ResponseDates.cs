namespace Kms.Gateway.Responses;

/// <summary>
/// Dates as each front door writes them: the native API in RFC 3339 UTC (a <see cref="DateTime"/> of kind UTC,
/// which System.Text.Json writes with a <c>Z</c> and no trailing zeros, e.g. <c>2026-11-28T16:04:37.2167941Z</c>), the AWS
/// protocol as epoch seconds with milliseconds, a JSON number.
/// </summary>
public static class ResponseDates
{
    public static DateTime Native(DateTimeOffset time) => time.UtcDateTime;

    public static DateTime? Native(DateTimeOffset? time) => time?.UtcDateTime;

    public static double Aws(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    public static double? Aws(DateTimeOffset? time) => time is { } value ? Aws(value) : null;
}
