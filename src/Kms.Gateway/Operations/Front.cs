using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>
/// The door a request came in by: the native go-kms API (dates in RFC 3339, go-kms's shapes for its eight
/// operations) or the AWS JSON protocol (dates as epoch seconds, AWS's shapes and status codes).
/// </summary>
public sealed record Front(bool IsAws, KeyArns Arns)
{
    public object Date(DateTimeOffset time) => IsAws ? time.ToUnixTimeMilliseconds() / 1000.0 : GatewayJson.Rfc3339(time);

    public object? Date(DateTimeOffset? time) => time is { } value ? Date(value) : null;

    /// <summary>Kept as a request feature, as <see cref="Auth.Principals"/> keeps the caller.</summary>
    public void AttachTo(HttpContext http) => http.Features.Set(this);

    public static bool IsAwsRequest(HttpContext http) => http.Features.Get<Front>() is { IsAws: true };
}
