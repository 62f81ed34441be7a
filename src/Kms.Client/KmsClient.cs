using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kms.Client;

/// <summary>
/// Calls the native API: a signed <c>POST {base}/api/v1/go-kms/&lt;operation&gt;</c> with a JSON body, the body's hash
/// signed too unless <see cref="SignBody"/> is off (go-kms's legacy signature). A typed error becomes a
/// <see cref="KmsServiceException"/>; transport failures stay <see cref="HttpRequestException"/>s, and a timeout a
/// <see cref="TaskCanceledException"/>.
/// </summary>
public sealed class KmsClient : IDisposable
{
    public const string ApiPrefix = "api/v1/go-kms/";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http;
    private readonly byte[] _sharedKey;
    private readonly TimeProvider _clock;

    /// <summary>Takes ownership of <paramref name="http"/> and zeroes <paramref name="sharedKey"/> when disposed.</summary>
    public KmsClient(HttpClient http, Uri baseAddress, byte[] sharedKey, TimeProvider? clock = null)
    {
        _http = http;
        BaseAddress = baseAddress.AbsolutePath.EndsWith('/') ? baseAddress : new Uri(baseAddress + "/");
        _sharedKey = sharedKey;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>A client with its own connection pool; <paramref name="validateCertificate"/> null trusts the system's roots.</summary>
    public static KmsClient Create(Uri baseAddress, byte[] sharedKey, RemoteCertificateValidationCallback? validateCertificate = null, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (validateCertificate is not null) handler.SslOptions.RemoteCertificateValidationCallback = validateCertificate;
        return new KmsClient(new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(30) }, baseAddress, sharedKey);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http => _http;

    public bool SignBody { get; init; } = true;

    /// <summary>A signed request for an operation with a serialized body, for callers that send it themselves.</summary>
    public HttpRequestMessage CreateRequest(string operation, byte[] body)
    {
        var uri = new Uri(BaseAddress, ApiPrefix + operation);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) { Headers = { ContentType = JsonType } } };
        var date = RequestSigner.FormatDate(_clock.GetUtcNow());
        var contentHash = SignBody ? RequestSigner.ContentHash(body) : null;
        request.Headers.TryAddWithoutValidation(RequestSigner.DateHeader, date);
        if (contentHash is not null) request.Headers.TryAddWithoutValidation(RequestSigner.ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation(RequestSigner.AuthorizationHeader, RequestSigner.Sign(_sharedKey, "POST", date, uri.AbsolutePath, contentHash));
        return request;
    }

    /// <summary>The answer's raw bytes, for callers that must zero what it held (a data key's plaintext) once done with it.</summary>
    public async Task<byte[]> SendAsync(string operation, byte[] body, CancellationToken ct = default)
    {
        using var request = CreateRequest(operation, body);
        using var response = await _http.SendAsync(request, ct);
        var answer = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.IsSuccessStatusCode) return answer;
        throw Failure((int)response.StatusCode, answer);
    }

    /// <summary>Any operation, its answer as the node wrote it.</summary>
    public async Task<JsonObject> CallAsync(string operation, JsonObject body, CancellationToken ct = default)
    {
        var answer = await SendAsync(operation, KmsJson.Serialize(body), ct);
        try
        {
            if (JsonNode.Parse(answer) is JsonObject parsed) return parsed;
        }
        catch (JsonException)
        {
            // Reported below, as any answer that is not a JSON object.
        }
        throw new KmsServiceException("InvalidResponse", $"{operation} answered with something other than a JSON object.", 200);
    }

    public async Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest body, CancellationToken ct = default)
    {
        var answer = await SendAsync(operation, KmsJson.Serialize(body), ct);
        try
        {
            return JsonSerializer.Deserialize<TResponse>(answer, KmsJson.Options)
                   ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new KmsServiceException("InvalidResponse", $"{operation} answered with something other than its {typeof(TResponse).Name}: {e.Message}", 200);
        }
    }

    public Task<NativeResponses.DescribedKey> CreateKeyAsync(NativeRequests.CreateKey request, CancellationToken ct = default) =>
        CallAsync<NativeRequests.CreateKey, NativeResponses.DescribedKey>("createkey", request, ct);

    public Task<NativeResponses.DescribedKey> DescribeKeyAsync(string keyId, CancellationToken ct = default) =>
        CallAsync<NativeRequests.DescribeKey, NativeResponses.DescribedKey>("describekey", new(keyId), ct);

    public Task<NativeResponses.Encrypted> EncryptAsync(NativeRequests.Encrypt request, CancellationToken ct = default) =>
        CallAsync<NativeRequests.Encrypt, NativeResponses.Encrypted>("encrypt", request, ct);

    public Task<NativeResponses.Decrypted> DecryptAsync(NativeRequests.Decrypt request, CancellationToken ct = default) =>
        CallAsync<NativeRequests.Decrypt, NativeResponses.Decrypted>("decrypt", request, ct);

    public Task<NativeResponses.DataKey> GenerateDataKeyAsync(NativeRequests.GenerateDataKey request, CancellationToken ct = default) =>
        CallAsync<NativeRequests.GenerateDataKey, NativeResponses.DataKey>("generatedatakey", request, ct);

    private static KmsServiceException Failure(int status, byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject error && error["__type"]?.GetValue<string>() is { } type)
                return new KmsServiceException(type, error["message"]?.GetValue<string>() ?? "", status);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not a typed error; reported by status below.
        }
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).ReplaceLineEndings(" ").Trim();
        return new KmsServiceException($"HTTP{status}", text.Length == 0 ? "the service answered without a body." : text, status);
    }

    public void Dispose()
    {
        _http.Dispose();
        CryptographicOperations.ZeroMemory(_sharedKey);
    }
}
