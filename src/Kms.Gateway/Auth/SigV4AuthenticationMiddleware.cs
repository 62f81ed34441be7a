using System.Security.Cryptography;
using Kms.Actors.Keys;
using Kms.Actors.Observability;
using Kms.Actors.Operations;
using Kms.Gateway.Errors;
using Kms.Gateway.Json;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kms.Gateway.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 on the AWS front door: the credential scope (our region, service
/// <c>kms</c>), <c>host</c> and <c>X-Amz-Target</c> among the signed headers, <c>X-Amz-Date</c> within the allowed skew and matching the scope date, the body's SHA-256
/// (and <c>X-Amz-Content-SHA256</c> when sent), then the signature in constant time. Failures name no
/// secret. Every AWS response carries an <c>x-amzn-RequestId</c>.
/// </summary>
public sealed class SigV4AuthenticationMiddleware(
    RequestDelegate next, GoKmsAuthOptions options, PrincipalStore principals, KeyOperations keys, GatewayOptions gateway,
    ILogger<SigV4AuthenticationMiddleware> log)
{
    public const string Service = "kms";

    /// <summary>The service a credential must be scoped to: always <see cref="Service"/>, but AWS's published test suite signs for <c>service</c>.</summary>
    internal string ScopedService { get; init; } = Service;

    /// <summary>Whether X-Amz-Target must be signed: always, but AWS's published test suite signs for a service that has no target header.</summary>
    internal bool RequireSignedTarget { get; init; } = true;

    private readonly Front _front = new(IsAws: true, keys.Arns);

    public async Task InvokeAsync(HttpContext http)
    {
        _front.AttachTo(http);
        // Set as the answer starts, so that an error handler clearing the response cannot drop it.
        http.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            context.Response.Headers["x-amzn-RequestId"] = Observability.RequestLog.RequestId(context);
            return Task.CompletedTask;
        }, http);
        var request = http.Request;

        if (request.ContentLength > gateway.MaxBodyBytes)
        {
            await GatewayJson.RefuseTooLarge(http, gateway.MaxBodyBytes);
            return;
        }
        var (failure, principal, body) = await Verify(http);
        try
        {
            if (failure is { Status: StatusCodes.Status413PayloadTooLarge })
            {
                await GatewayJson.RefuseTooLarge(http, gateway.MaxBodyBytes);
                return;
            }
            if (failure is { } f)
            {
                log.LogWarning("SigV4 authentication failed for {Target}: {Reason}", LogValue.Escape(request.Headers["X-Amz-Target"].ToString()), f.Type);
                Observability.AuthenticationMetrics.Failed("sigv4", f.Type);
                await ErrorResponses.Write(http, f.Status, f.Type, f.Message);
                return;
            }
            Principals.Set(http, principal!);
            request.Body = new MemoryStream(body!, 0, body!.Length, writable: false, publiclyVisible: true);
            request.ContentLength = body!.Length;
            await next(http);
        }
        finally
        {
            // The body can carry a plaintext: wiped once the operation has read it, or the request was refused.
            if (body is not null) CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <summary>The failure, or the principal; and the body once it was read, for the caller to wipe.</summary>
    private async Task<((int Status, string Type, string Message)? Failure, Principal? Principal, byte[]? Body)> Verify(HttpContext http)
    {
        var request = http.Request;
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return (Fail(StatusCodes.Status400BadRequest, "MissingAuthenticationTokenException", "Missing Authentication Token."), null, null);
        if (!SigV4.TryParseAuthorization(header, out var auth))
            return (Fail(StatusCodes.Status400BadRequest, "IncompleteSignatureException", "The Authorization header is not a valid AWS4-HMAC-SHA256 authorization."), null, null);
        var principal = principals.ByAccessKeyId(auth!.AccessKeyId);
        if (principal?.SecretAccessKey is null)
            return (Fail(StatusCodes.Status400BadRequest, "UnrecognizedClientException", "The security token included in the request is invalid."), null, null);
        if (auth.Service != ScopedService || auth.Region != keys.Arns.Region)
            return (Invalid($"Credential should be scoped to a valid region and to the '{Service}' service."), null, null);
        if (!auth.SignedHeaders.Contains("host"))
            return (Invalid("The host header must be signed."), null, null);
        // The target names the operation: unsigned, a captured request could be replayed as another operation.
        if (RequireSignedTarget && !auth.SignedHeaders.Contains("x-amz-target"))
            return (Invalid("The X-Amz-Target header must be signed."), null, null);

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!SigV4.TryParseDate(amzDate, out var sent))
            return (Fail(StatusCodes.Status400BadRequest, "IncompleteSignatureException", "X-Amz-Date is missing or is not yyyyMMddTHHmmssZ."), null, null);
        if (!auth.SignedHeaders.Contains("x-amz-date"))
            return (Invalid("The X-Amz-Date header must be signed."), null, null);
        if ((options.Clock.GetUtcNow() - sent).Duration() > options.AllowedClockSkew)
            return (Invalid("Signature expired: X-Amz-Date is too far from the server's time."), null, null);
        if (auth.Date != amzDate[..8])
            return (Invalid("The credential scope date does not match X-Amz-Date."), null, null);

        byte[] body;
        try
        {
            body = await GatewayJson.ReadBounded(request.Body, gateway.MaxBodyBytes, http.RequestAborted, request.ContentLength);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return (Fail(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLargeException", $"The request body exceeds {gateway.MaxBodyBytes} bytes."), null, null);
        }
        // A body HTTP could not read, or a client gone mid-body, goes on to UnhandledErrorMiddleware: a typed 400, or a quiet abort.
        var payloadHash = SigV4.HexSha256(body);
        var declared = request.Headers["X-Amz-Content-SHA256"].ToString();
        if (declared.Length > 0 && !string.Equals(declared, payloadHash, StringComparison.OrdinalIgnoreCase))
            return (Invalid("X-Amz-Content-SHA256 does not match the body."), null, body);

        var canonical = SigV4.CanonicalRequest(request.Method, (request.PathBase + request.Path).Value ?? "/", request.QueryString.Value ?? "",
            auth.SignedHeaders, name => name == "host" ? request.Host.Value : request.Headers[name].ToString(), payloadHash);
        var key = SigV4.SigningKey(principal.SecretAccessKey, auth.Date, auth.Region, auth.Service);
        var expected = SigV4.Sign(key, SigV4.StringToSign(amzDate, auth.Scope, canonical));
        if (!SigV4.SignatureMatches(expected, auth.Signature))
            return (Invalid("The request signature we calculated does not match the signature you provided."), null, body);
        return (null, principal, body);
    }

    private static (int, string, string) Fail(int status, string type, string message) => (status, type, message);

    private static (int, string, string) Invalid(string message) => (StatusCodes.Status400BadRequest, "InvalidSignatureException", message);
}
