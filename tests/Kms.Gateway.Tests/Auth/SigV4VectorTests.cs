using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;
using Kms.Actors.Operations;
using Kms.Gateway.Auth;
using Kms.Gateway.Operations;
using Kms.Gateway.Tests.Vectors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kms.Gateway.Tests.Auth;

/// <summary>
/// Kms's SigV4 verifier against signatures made outside Kms: AWS's published test suite (canonical requests,
/// strings to sign and signatures are AWS's facts, not Kms's signer's output, so a canonicalization both sides of Kms
/// agree on but AWS does not fails here; the cases Kms does not run are listed with the reason in the suite file),
/// and KMS requests signed by the AWS SDK for Python, through the production verifier as it is configured.
/// </summary>
public sealed class SigV4VectorTests : IDisposable
{
    private static readonly SigV4TestSuite.Suite Suite = SigV4TestSuite.Facts;
    private static readonly SigV4SdkRequests.Set Sdk = SigV4SdkRequests.Facts;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kms-sigv4-suite-");
    private readonly PrincipalStore _principals;

    public SigV4VectorTests()
    {
        var path = Path.Combine(_directory.FullName, "principals.json");
        Assert.Equal(Suite.AccessKeyId, Sdk.AccessKeyId);
        Assert.Equal(Suite.SecretAccessKey, Sdk.SecretAccessKey);
        File.WriteAllText(path, $$"""{"principals": [{"name": "suite", "role": "crypto", "accessKeyId": "{{Suite.AccessKeyId}}", "secretAccessKey": "{{Suite.SecretAccessKey}}"}]}""");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _principals = PrincipalStore.FromFile(path, NullLogger.Instance);
    }

    public void Dispose()
    {
        _principals.Dispose();
        _directory.Delete(recursive: true);
    }

    public static TheoryData<SigV4TestSuite.Case> Cases => new(Suite.Cases);

    public static TheoryData<SigV4SdkRequests.Request> SdkRequests => new(Sdk.Cases);

    public static TheoryData<SigV4TestSuite.Case> CasesWithCanonicalRequests => new(Suite.Cases.Where(c => c.CanonicalRequest is not null));

    [Fact]
    public void The_suite_covers_the_query_header_and_body_cases_and_says_why_any_case_is_not_run()
    {
        var names = Suite.Cases.Select(c => c.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "get-vanilla", "post-vanilla", "get-vanilla-query-order-key-case", "get-header-key-duplicate", "get-header-value-trim", "get-utf8", "post-x-www-form-urlencoded" }, names);
        Assert.All(Suite.NotRun, n => Assert.False(string.IsNullOrWhiteSpace(n.Reason)));
    }

    [Theory]
    [MemberData(nameof(CasesWithCanonicalRequests))]
    public void Kms_builds_the_canonical_request_the_suite_states(SigV4TestSuite.Case suiteCase)
    {
        var request = Request(suiteCase).Request;

        Assert.Equal(suiteCase.CanonicalRequest, CanonicalRequest(request, suiteCase));
    }

    [Theory]
    [MemberData(nameof(CasesWithCanonicalRequests))]
    public void Kms_builds_the_string_to_sign_the_suite_states(SigV4TestSuite.Case suiteCase)
    {
        Assert.Equal(suiteCase.StringToSign, SigV4.StringToSign(Suite.Date, Suite.Scope, suiteCase.CanonicalRequest!));
    }

    [Theory]
    [MemberData(nameof(CasesWithCanonicalRequests))]
    public void Kms_derives_the_signature_the_suite_states_from_its_string_to_sign(SigV4TestSuite.Case suiteCase)
    {
        var key = SigV4.SigningKey(Suite.SecretAccessKey, Suite.Date[..8], Suite.Region, Suite.Service);

        Assert.Equal(suiteCase.Signature, SigV4.Sign(key, suiteCase.StringToSign!));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_verifier_accepts_the_suites_signed_request(SigV4TestSuite.Case suiteCase)
    {
        var reached = false;
        var http = Request(suiteCase);

        await Middleware(_ => { reached = true; return Task.CompletedTask; }).InvokeAsync(http);

        Assert.True(reached, $"refused with {http.Response.StatusCode}: {ResponseBody(http)}");
        Assert.Equal("suite", Principals.Get(http)?.Name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_verifier_refuses_the_suites_request_under_a_signature_with_one_digit_changed(SigV4TestSuite.Case suiteCase)
    {
        var reached = false;
        var last = suiteCase.Signature[^1];
        var http = Request(suiteCase with { Signature = suiteCase.Signature[..^1] + (last == '0' ? '1' : '0') });

        await Middleware(_ => { reached = true; return Task.CompletedTask; }).InvokeAsync(http);

        Assert.False(reached);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        Assert.Contains("InvalidSignatureException", ResponseBody(http));
    }

    [Fact]
    public async Task The_production_verifier_refuses_the_suite_because_its_credential_is_not_scoped_to_kms()
    {
        var reached = false;
        var http = Request(Suite.Cases.Single(c => c.Name == "post-vanilla"));
        var production = Middleware(_ => { reached = true; return Task.CompletedTask; }, scopedService: null);

        await production.InvokeAsync(http);

        Assert.False(reached);
        Assert.Contains("InvalidSignatureException", ResponseBody(http));
    }

    [Fact]
    public async Task A_request_that_does_not_sign_X_Amz_Target_is_refused_even_with_a_right_signature()
    {
        var reached = false;
        var http = Request(Suite.Cases.Single(c => c.Name == "post-vanilla"));
        var strict = new SigV4AuthenticationMiddleware(_ => { reached = true; return Task.CompletedTask; }, Options(), _principals, Keys(), new GatewayOptions(),
            NullLogger<SigV4AuthenticationMiddleware>.Instance) { ScopedService = "service" };

        await strict.InvokeAsync(http);

        Assert.False(reached);
        Assert.Contains("The X-Amz-Target header must be signed.", ResponseBody(http));
    }

    [Theory]
    [MemberData(nameof(SdkRequests))]
    public async Task The_production_verifier_accepts_a_KMS_request_the_AWS_SDK_signed(SigV4SdkRequests.Request sdkRequest)
    {
        var reached = false;
        var http = Request(sdkRequest, sdkRequest.Body);

        await Middleware(_ => { reached = true; return Task.CompletedTask; }, scopedService: null, Sdk.SignedAt).InvokeAsync(http);

        Assert.True(reached, $"refused with {http.Response.StatusCode}: {ResponseBody(http)}");
        Assert.Equal("suite", Principals.Get(http)?.Name);
    }

    [Theory]
    [MemberData(nameof(SdkRequests))]
    public async Task The_production_verifier_refuses_a_KMS_request_the_AWS_SDK_signed_once_its_body_is_changed(SigV4SdkRequests.Request sdkRequest)
    {
        var reached = false;
        var http = Request(sdkRequest, sdkRequest.Body.Replace("}", " }"));

        await Middleware(_ => { reached = true; return Task.CompletedTask; }, scopedService: null, Sdk.SignedAt).InvokeAsync(http);

        Assert.False(reached);
        Assert.Contains("InvalidSignatureException", ResponseBody(http));
    }

    /// <summary>The canonical request from what the middleware reads of a request: its path, raw query, header values and body.</summary>
    private static string CanonicalRequest(HttpRequest request, SigV4TestSuite.Case suiteCase) =>
        SigV4.CanonicalRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", suiteCase.SignedHeaders.Split(';'),
            name => request.Headers[name].ToString(), SigV4.HexSha256(Encoding.UTF8.GetBytes(suiteCase.Body)));

    /// <summary>
    /// The verifier with the server's time at <paramref name="now"/> (the suite's date unless given) and, unless
    /// <paramref name="scopedService"/> is null, the suite's service.
    /// </summary>
    private static KeyOperations Keys() =>
        new(new NoActor<KeyRegion>(), new NoActor<AliasRegion>(), new NoActor<KeyCatalog>(), new KeyOperationsOptions(TimeSpan.FromSeconds(1)));

    private static GoKmsAuthOptions Options(string? now = null)
    {
        Assert.True(SigV4.TryParseDate(now ?? Suite.Date, out var time));
        return new GoKmsAuthOptions { Clock = new FixedClock(time) };
    }

    /// <summary>
    /// The verifier as production builds it (<paramref name="scopedService"/> null), or scoped to the suite's service, which
    /// signs no X-Amz-Target header: the suite checks canonicalization and signing, not Kms's own rules on top.
    /// </summary>
    private SigV4AuthenticationMiddleware Middleware(RequestDelegate next, string? scopedService = "service", string? now = null)
    {
        var keys = Keys();
        Assert.Equal(Suite.Region, keys.Arns.Region);
        var options = Options(now);
        var log = NullLogger<SigV4AuthenticationMiddleware>.Instance;
        return scopedService is null
            ? new SigV4AuthenticationMiddleware(next, options, _principals, keys, new GatewayOptions(), log)
            : new SigV4AuthenticationMiddleware(next, options, _principals, keys, new GatewayOptions(), log) { ScopedService = scopedService, RequireSignedTarget = false };
    }

    /// <summary>The suite's request as Kestrel hands it on: the path percent-decoded, the query as sent, every header line kept.</summary>
    private static HttpContext Request(SigV4TestSuite.Case suiteCase)
    {
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = suiteCase.Method;
        var query = suiteCase.Target.IndexOf('?');
        request.Path = PathString.FromUriComponent(query < 0 ? suiteCase.Target : suiteCase.Target[..query]);
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(suiteCase.Target[query..]);
        foreach (var header in suiteCase.Headers) request.Headers.Append(header[0], header[1]);
        request.Headers.Authorization =
            $"{SigV4.Algorithm} Credential={Suite.AccessKeyId}/{Suite.Scope}, SignedHeaders={suiteCase.SignedHeaders}, Signature={suiteCase.Signature}";
        var body = Encoding.UTF8.GetBytes(suiteCase.Body);
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>The SDK's request as Kestrel hands it on, with <paramref name="body"/> as the body sent.</summary>
    private static HttpContext Request(SigV4SdkRequests.Request sdkRequest, string body)
    {
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = HttpMethods.Post;
        request.Path = "/";
        request.Host = new HostString(sdkRequest.Host);
        foreach (var header in sdkRequest.Headers) request.Headers.Append(header[0], header[1]);
        var bytes = Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static string ResponseBody(HttpContext http) => Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());

    /// <summary>The middleware only reads the key ARNs' settings from <see cref="KeyOperations"/>; it never asks an actor.</summary>
    private sealed class NoActor<T> : IRequiredActor<T>
    {
        public IActorRef ActorRef => ActorRefs.Nobody;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<IActorRef>(ActorRefs.Nobody);
    }
}
