using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kms.Cli.Connection;

/// <summary>Calls the native API: a signed <c>POST {url}/api/v1/go-kms/&lt;operation&gt;</c> with a JSON body.</summary>
internal sealed class KmsClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ConnectionSettings _settings;
    private readonly HttpClient _http;

    public KmsClient(ConnectionSettings settings)
    {
        _settings = settings;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => settings.Trust.Accept(certificate, errors) },
        };
        _http = new HttpClient(handler) { Timeout = Timeout };
    }

    /// <summary>Calls an operation and parses its answer; a typed error becomes a <see cref="ServiceException"/>.</summary>
    public async Task<JsonObject> Call(string operation, JsonObject body, CancellationToken ct)
    {
        var bytes = await CallRaw(operation, body, ct);
        try
        {
            if (JsonNode.Parse(bytes) is JsonObject answer) return answer;
        }
        catch (JsonException)
        {
            // Reported below, as any answer that is not a JSON object.
        }
        throw new ServiceException("InvalidResponse", $"{operation} answered with something other than a JSON object.");
    }

    /// <summary>
    /// The answer's raw bytes, for callers that must zero what it held (a data key's plaintext) once they are done.
    /// </summary>
    public async Task<byte[]> CallRaw(string operation, JsonObject body, CancellationToken ct)
    {
        var uri = new Uri(_settings.Url, "api/v1/go-kms/" + operation);
        var date = RequestSigner.FormatDate(DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var contentHash = RequestSigner.ContentHash(bytes);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(RequestSigner.DateHeader, date);
        request.Headers.TryAddWithoutValidation(RequestSigner.ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", RequestSigner.Sign(_settings.SharedKey, "POST", date, uri.AbsolutePath, contentHash));
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var answer = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.IsSuccessStatusCode) return answer;
            throw Failure((int)response.StatusCode, answer);
        }
        catch (HttpRequestException e)
        {
            throw new ConnectionException(Describe(e));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ConnectionException($"{_settings.Url} did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }

    private string Describe(HttpRequestException e)
    {
        if (e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError)
            return $"TLS with {_settings.Url} failed: {_settings.Trust.LastRefusal ?? e.InnerException?.Message ?? e.Message}"
                   + (_settings.Trust.LastRefusal is null ? "" : " (give --ca-cert FILE to trust the server's certificate)");
        return $"cannot connect to {_settings.Url}: {e.Message}";
    }

    private static ServiceException Failure(int status, byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject error && error["__type"]?.GetValue<string>() is { } type)
                return new ServiceException(type, error["message"]?.GetValue<string>() ?? "");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not a typed error (a proxy's page, say); reported by status below.
        }
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).ReplaceLineEndings(" ").Trim();
        return new ServiceException($"HTTP{status}", text.Length == 0 ? "the service answered without a body." : text);
    }

    public void Dispose()
    {
        _http.Dispose();
        CryptographicOperations.ZeroMemory(_settings.SharedKey);
    }
}
