using Kms.Actors.Keys;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Operations;

/// <summary>
/// The door a request came in by: the native go-kms API (go-kms's shapes for its eight operations)
/// or the AWS JSON protocol (AWS's shapes and status codes); each has its own reply records (<c>Kms.Gateway.Responses</c>).
/// </summary>
public sealed record Front(bool IsAws, KeyArns Arns)
{
    /// <summary>Kept as a request feature, as <see cref="Auth.Principals"/> keeps the caller.</summary>
    public void AttachTo(HttpContext http) => http.Features.Set(this);

    public static bool IsAwsRequest(HttpContext http) => http.Features.Get<Front>() is { IsAws: true };
}
