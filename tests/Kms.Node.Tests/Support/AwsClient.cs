using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Kms.Gateway.Auth;

namespace Kms.Node.Tests.Support;

/// <summary>
/// Two ways to speak the AWS KMS protocol to a node: the real AWS SDK for .NET (<see cref="Sdk"/>), and
/// hand-signed requests (<see cref="Post"/>) whose signing a test can spoil on purpose.
/// </summary>
public sealed class AwsClient : IDisposable
{
    private readonly Uri _address;
    private readonly string _accessKeyId;
    private readonly string _secret;
    private readonly HttpClient _http;

    public AwsClient(Uri address, string accessKeyId, string secret, X509Certificate2 trusted)
    {
        _address = address;
        _accessKeyId = accessKeyId;
        _secret = secret;
        _http = new HttpClient(TrustingHandler(trusted)) { BaseAddress = address };
        Sdk = new AmazonKeyManagementServiceClient(new BasicAWSCredentials(accessKeyId, secret), new AmazonKeyManagementServiceConfig
        {
            ServiceURL = address.ToString(),
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = new TrustingFactory(trusted),
            MaxErrorRetry = 0,
        });
    }

    public AmazonKeyManagementServiceClient Sdk { get; }

    public static SocketsHttpHandler TrustingHandler(X509Certificate2 trusted) => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData) },
    };

    /// <summary>What a signed request is made of, for a test to alter before or after signing.</summary>
    public sealed class Signing
    {
        public string Region { get; set; } = "us-east-1";
        public string Service { get; set; } = "kms";
        public DateTimeOffset Date { get; set; } = DateTimeOffset.UtcNow;
        public string? ScopeDate { get; set; }
        public string? Secret { get; set; }
        public string? AccessKeyId { get; set; }
        public bool OmitAuthorization { get; set; }
        public string? BodyAfterSigning { get; set; }
        public string? TargetAfterSigning { get; set; }
        public string? ContentSha256 { get; set; }
        /// <summary>A header (lower case) to leave out of <c>SignedHeaders</c>, as a client that does not sign it would.</summary>
        public string? Unsigned { get; set; }
    }

    public async Task<GoKmsClient.Response> Post(string operation, object? body, Action<Signing>? spoil = null)
    {
        var signing = new Signing();
        spoil?.Invoke(signing);
        var json = body is string text ? text : JsonSerializer.Serialize(body ?? new { });
        var amzDate = signing.Date.UtcDateTime.ToString(SigV4.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        var target = "TrentService." + operation;
        var host = _address.Authority;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = target,
        };
        if (signing.Unsigned is { } unsigned) headers.Remove(unsigned);
        var scope = $"{signing.ScopeDate ?? amzDate[..8]}/{signing.Region}/{signing.Service}/aws4_request";
        var payloadHash = SigV4.HexSha256(Encoding.UTF8.GetBytes(json));
        var canonical = SigV4.CanonicalRequest("POST", "/", "", headers.Keys.ToList(), name => headers[name], payloadHash);
        var key = SigV4.SigningKey(signing.Secret ?? _secret, scope.Split('/')[0], signing.Region, signing.Service);
        var signature = SigV4.Sign(key, SigV4.StringToSign(amzDate, scope, canonical));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent(signing.BodyAfterSigning ?? json, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", signing.TargetAfterSigning ?? target);
        if (signing.ContentSha256 is not null) request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", signing.ContentSha256);
        if (!signing.OmitAuthorization)
            request.Headers.TryAddWithoutValidation("Authorization",
                $"{SigV4.Algorithm} Credential={signing.AccessKeyId ?? _accessKeyId}/{scope}, SignedHeaders={string.Join(';', headers.Keys)}, Signature={signature}");
        using var response = await _http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        Assert.True(response.Headers.Contains("x-amzn-RequestId"), "Every AWS response carries x-amzn-RequestId.");
        return new GoKmsClient.Response(response.StatusCode, content.Length == 0 ? null : JsonNode.Parse(content), content);
    }

    public void Dispose()
    {
        Sdk.Dispose();
        _http.Dispose();
    }

    private sealed class TrustingFactory(X509Certificate2 trusted) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(TrustingHandler(trusted));
    }
}
