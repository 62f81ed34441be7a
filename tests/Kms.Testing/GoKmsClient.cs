using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kms.Client;

namespace Kms.Testing;

/// <summary>
/// A go-kms client as go-kms's own CLI behaves: signed POSTs over HTTPS that trust one certificate. With
/// <see cref="SendContentHash"/> it also signs the body's SHA-256 (<c>x-kms-content-sha256</c>), as the kms CLI does.
/// It signs with Kms.Client's <see cref="RequestSigner"/>, not the node's own check, so the two are tested against each other.
/// </summary>
public sealed class GoKmsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly byte[] _key;

    public GoKmsClient(Uri baseAddress, string authKey, X509Certificate2 trusted)
    {
        _key = Encoding.UTF8.GetBytes(authKey);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData),
            },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http => _http;

    public bool SendContentHash { get; init; }

    /// <summary>Signs and posts; <paramref name="sign"/> lets a test spoil the signature or the date.</summary>
    public async Task<Response> Post(string operation, object? body, Action<HttpRequestMessage, string, string>? sign = null)
    {
        var path = "/api/v1/go-kms/" + operation;
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Content = new StringContent(body is string text ? text : JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var date = RequestSigner.FormatDate(DateTimeOffset.UtcNow);
        if (sign is null) Sign(request, date, path);
        else sign(request, date, path);
        using var response = await _http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, content.Length == 0 ? null : JsonNode.Parse(content), content);
    }

    public void Sign(HttpRequestMessage request, string date, string path, string method = "POST")
    {
        var contentHash = SendContentHash ? ContentHash(request) : null;
        request.Headers.TryAddWithoutValidation(RequestSigner.DateHeader, date);
        if (contentHash is not null) request.Headers.TryAddWithoutValidation(RequestSigner.ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation(RequestSigner.AuthorizationHeader, RequestSigner.Sign(_key, method, date, path, contentHash));
    }

    /// <summary>The lower-case hex SHA-256 of the request's body (of nothing, without one).</summary>
    public static string ContentHash(HttpRequestMessage request) =>
        RequestSigner.ContentHash(request.Content?.ReadAsByteArrayAsync().GetAwaiter().GetResult() ?? []);

    public string SignatureFor(string date, string path, byte[]? key = null, string? contentHash = null) =>
        RequestSigner.Sign(key ?? _key, "POST", date, path, contentHash);

    public async Task<string> CreateKey(string description = "")
    {
        var response = await Post("createkey", new { Description = description });
        response.EnsureOk();
        return (string)response.Json!["KeyMetadata"]!["KeyId"]!;
    }

    public async Task<string> Encrypt(string keyId, byte[] plaintext)
    {
        var response = await Post("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String(plaintext) });
        response.EnsureOk();
        return (string)response.Json!["CiphertextBlob"]!;
    }

    public async Task<byte[]> Decrypt(string blob)
    {
        var response = await Post("decrypt", new { CiphertextBlob = blob });
        response.EnsureOk();
        return Convert.FromBase64String((string)response.Json!["Plaintext"]!);
    }

    public void Dispose()
    {
        _http.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    public sealed record Response(HttpStatusCode Status, JsonNode? Json, string Body)
    {
        public string? ErrorType => Json is JsonObject o && o.TryGetPropertyValue("__type", out var t) ? (string?)t : null;

        public void EnsureOk()
        {
            if (Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"Expected 200, got {(int)Status}: {Body}");
        }
    }
}
