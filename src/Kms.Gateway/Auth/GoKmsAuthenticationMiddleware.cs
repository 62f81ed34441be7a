using Kms.Actors.Observability;
using Kms.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kms.Gateway.Auth;

/// <summary>
/// Authenticates native API requests from their headers alone, before the body is read. Failures are
/// 401 with a typed error; the log says why, never what the expected signature was. A request that signed
/// its body's hash (<see cref="ContentHashHeader"/>) has it checked when the body is read, before the
/// operation runs (<see cref="SignedContentHash"/>).
/// </summary>
public sealed class GoKmsAuthenticationMiddleware(RequestDelegate next, GoKmsAuthOptions options, PrincipalStore principals, ILogger<GoKmsAuthenticationMiddleware> log)
{
    public const string DateHeader = "x-kms-date";
    public const string ContentHashHeader = "x-kms-content-sha256";

    public Task InvokeAsync(HttpContext http)
    {
        var failure = Check(http);
        if (failure is null) return next(http);
        log.LogWarning("Authentication failed for {Method} {Path}: {Reason}", LogValue.Escape(http.Request.Method), LogValue.Escape(http.Request.Path.Value), failure.Value.Type);
        Observability.AuthenticationMetrics.Failed("native", failure.Value.Type);
        return ErrorResponses.Write(http, StatusCodes.Status401Unauthorized, failure.Value.Type, failure.Value.Message);
    }

    private (string Type, string Message)? Check(HttpContext http)
    {
        var request = http.Request;
        var date = request.Headers[DateHeader].ToString();
        var signature = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(signature))
            return ("MissingAuthenticationTokenException", "The Authorization header is required.");
        if (string.IsNullOrEmpty(date))
            return ("IncompleteSignatureException", $"The {DateHeader} header is required.");
        if (!KmsDate.TryParse(date, out var sent))
            return ("IncompleteSignatureException", $"The {DateHeader} header must be an RFC 1123 date in UTC.");
        var skew = (options.Clock.GetUtcNow() - sent).Duration();
        if (skew > options.AllowedClockSkew)
            return ("InvalidSignatureException", $"Signature expired: {DateHeader} is more than {options.AllowedClockSkew.TotalMinutes:0.#} minutes from server time.");
        var contentHash = request.Headers[ContentHashHeader].ToString();
        if (contentHash.Length == 0)
        {
            if (options.RequireContentHash)
                return ("IncompleteSignatureException", $"The {ContentHashHeader} header is required: sign the SHA-256 of the body.");
        }
        else if (!SignedContentHash.IsWellFormed(contentHash))
            return ("IncompleteSignatureException", $"The {ContentHashHeader} header must be the lower-case hex SHA-256 of the body.");
        var path = (request.PathBase + request.Path).Value ?? "";
        // The signed text is lines joined by "\n": a decoded path holding a line break could pass a body-bound
        // signature ("…\n" + path + "\n" + hash) off as a legacy one over the path "path\nhash". No operation's path has one.
        if (path.AsSpan().IndexOfAnyInRange('\0', '\x1f') >= 0)
            return ("InvalidSignatureException", "The request path must not contain control characters.");
        var principal = SignedBy(principals.Current, request.Method, date, path, contentHash.Length == 0 ? null : contentHash, signature);
        if (principal is null) return ("InvalidSignatureException", "The request signature does not match.");
        Principals.Set(http, principal);
        if (contentHash.Length > 0) SignedContentHash.Attach(http, contentHash);
        return null;
    }

    /// <summary>The first principal whose shared key made the signature (a loop: it runs on every request).</summary>
    private static Principal? SignedBy(IReadOnlyList<Principal> candidates, string method, string date, string path, string? contentHash, string signature)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].SharedKey is { } key && GoKmsSignature.Verify(key, method, date, path, contentHash, signature)) return candidates[i];
        }
        return null;
    }
}
