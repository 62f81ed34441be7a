using System.Text;
using Kms.Gateway.Auth;
using Kms.Gateway.Tests.Vectors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kms.Gateway.Tests.Auth;

/// <summary>
/// Requests signed as a go-kms client signs them (Vectors/gokms-signatures.json, made outside Kms) pass the native
/// door's verifier at their date: a change to what the signature covers that old clients do not make fails here.
/// </summary>
public sealed class GoKmsSignatureVectorTests
{
    private static readonly GoKmsSignatureVectors.Set Vectors = GoKmsSignatureVectors.Facts;

    public static TheoryData<GoKmsSignatureVectors.Case> Cases => new(Vectors.Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_native_door_accepts_the_go_kms_signed_request_at_its_date(GoKmsSignatureVectors.Case vector)
    {
        var (reached, http) = await Send(vector, vector.Signature);

        Assert.True(reached, $"refused with {http.Response.StatusCode}: {Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray())}");
        Assert.Equal("default", Principals.Get(http)?.Name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_native_door_refuses_the_signature_for_another_path(GoKmsSignatureVectors.Case vector)
    {
        var (reached, http) = await Send(vector with { Path = vector.Path + "x" }, vector.Signature);

        Assert.False(reached);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoKmsSignature_computes_the_committed_signature(GoKmsSignatureVectors.Case vector)
    {
        Assert.Equal(vector.Signature, GoKmsSignature.ComputeBase64(Encoding.UTF8.GetBytes(Vectors.SharedKey), vector.Method, vector.Date, vector.Path));
    }

    [Fact]
    public async Task A_body_bound_signature_cannot_pass_as_a_legacy_one_over_a_path_that_holds_the_hash()
    {
        var vector = Vectors.Cases[0];
        var hash = new string('a', 64);
        // Byte for byte the text of a body-bound signature: method, date, path and hash on four lines.
        var signature = GoKmsSignature.ComputeBase64(Encoding.UTF8.GetBytes(Vectors.SharedKey), vector.Method, vector.Date, vector.Path, hash);

        var (reached, http) = await Send(vector with { Path = vector.Path + "\n" + hash }, signature);

        Assert.False(reached);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
    }

    /// <summary>The request through the native door's middleware, the server's clock at the request's date; true when it was let through.</summary>
    private static async Task<(bool Reached, HttpContext Http)> Send(GoKmsSignatureVectors.Case vector, string signature)
    {
        Assert.True(KmsDate.TryParse(vector.Date, out var date));
        using var principals = PrincipalStore.FromSharedKey(Encoding.UTF8.GetBytes(Vectors.SharedKey));
        var reached = false;
        var middleware = new GoKmsAuthenticationMiddleware(_ => { reached = true; return Task.CompletedTask; },
            new GoKmsAuthOptions { Clock = new FixedClock(date) }, principals, NullLogger<GoKmsAuthenticationMiddleware>.Instance);
        var http = new DefaultHttpContext();
        http.Request.Method = vector.Method;
        http.Request.Path = vector.Path;
        http.Request.Headers[GoKmsAuthenticationMiddleware.DateHeader] = vector.Date;
        http.Request.Headers.Authorization = signature;
        http.Response.Body = new MemoryStream();
        await middleware.InvokeAsync(http);
        return (reached, http);
    }
}
