using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Gateway.Auth;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kms.Gateway.Tests.Auth;

public class SigV4AuthenticationMiddlewareTests : IDisposable
{
    private const string AccessKeyId = "AKIDSIGV4TEST";
    private const string Secret = "sigv4-middleware-test-secret";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kms-sigv4-");
    private readonly PrincipalStore _principals;

    public SigV4AuthenticationMiddlewareTests()
    {
        var path = Path.Combine(_directory.FullName, "principals.json");
        File.WriteAllText(path, $$"""{"principals": [{"name": "app", "role": "crypto", "accessKeyId": "{{AccessKeyId}}", "secretAccessKey": "{{Secret}}"}]}""");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _principals = PrincipalStore.FromFile(path, NullLogger.Instance);
    }

    public void Dispose()
    {
        _principals.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_operation_reads_the_signed_body_and_the_body_is_wiped_once_it_has_answered()
    {
        const string json = """{"KeyId":"alias/app","Plaintext":"c2VjcmV0IHBsYWludGV4dA=="}""";
        byte[]? seen = null;
        string? read = null;
        var middleware = Middleware(async http =>
        {
            Assert.True(((MemoryStream)http.Request.Body).TryGetBuffer(out var buffer));
            seen = buffer.Array;
            read = await new StreamReader(http.Request.Body).ReadToEndAsync();
        });

        var http = SignedRequest(json);
        await middleware.InvokeAsync(http);

        Assert.Equal(json, read);
        Assert.Equal("app", Principals.Get(http)?.Name);
        Assert.NotNull(seen);
        Assert.Equal(json.Length, seen.Length);
        Assert.All(seen, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_request_whose_body_was_changed_after_signing_never_reaches_the_operation()
    {
        var reached = false;
        var middleware = Middleware(_ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        var http = SignedRequest("""{"KeyId":"alias/app"}""", sentBody: """{"KeyId":"alias/other"}""");
        await middleware.InvokeAsync(http);

        Assert.False(reached);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
    }

    private SigV4AuthenticationMiddleware Middleware(RequestDelegate next)
    {
        var keys = new KeyOperations(new NoActor<KeyRegion>(), new NoActor<AliasRegion>(), new NoActor<KeyCatalog>(),
            new KeyOperationsOptions(TimeSpan.FromSeconds(1)));
        return new SigV4AuthenticationMiddleware(next, new GoKmsAuthOptions(), _principals, keys, new GatewayOptions { MaxBodyBytes = 64 * 1024 },
            NullLogger<SigV4AuthenticationMiddleware>.Instance);
    }

    /// <summary>A POST to / signed as the AWS SDKs sign it; <paramref name="sentBody"/> replaces the body after signing.</summary>
    private static HttpContext SignedRequest(string signedBody, string? sentBody = null)
    {
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = HttpMethods.Post;
        request.Path = "/";
        request.Host = new HostString("localhost:8011");
        var amzDate = DateTimeOffset.UtcNow.UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = request.Host.Value!,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = "TrentService.Encrypt",
        };
        var region = KeyArns.Default.Region;
        var scope = $"{amzDate[..8]}/{region}/kms/aws4_request";
        var canonical = SigV4.CanonicalRequest("POST", "/", "", headers.Keys.ToList(), name => headers[name], SigV4.HexSha256(Encoding.UTF8.GetBytes(signedBody)));
        var signature = SigV4.Sign(SigV4.SigningKey(Secret, amzDate[..8], region, "kms"), SigV4.StringToSign(amzDate, scope, canonical));
        request.ContentType = headers["content-type"];
        request.Headers["X-Amz-Date"] = amzDate;
        request.Headers["X-Amz-Target"] = headers["x-amz-target"];
        request.Headers.Authorization = $"{SigV4.Algorithm} Credential={AccessKeyId}/{scope}, SignedHeaders={string.Join(';', headers.Keys)}, Signature={signature}";
        var body = Encoding.UTF8.GetBytes(sentBody ?? signedBody);
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>The middleware only reads the key ARNs' settings from <see cref="KeyOperations"/>; it never asks an actor.</summary>
    private sealed class NoActor<T> : IRequiredActor<T>
    {
        public IActorRef ActorRef => ActorRefs.Nobody;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<IActorRef>(ActorRefs.Nobody);
    }
}
