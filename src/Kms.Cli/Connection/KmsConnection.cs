using System.Security.Authentication;
using System.Text.Json.Nodes;
using Kms.Client;

namespace Kms.Cli.Connection;

/// <summary>
/// The tool's <see cref="KmsClient"/>: trusts the server as <see cref="ConnectionSettings"/> say, and turns what can go
/// wrong into the tool's exceptions: a typed error into a <see cref="ServiceException"/> (exit 1), an unreachable or
/// untrusted server into a <see cref="ConnectionException"/> (exit 3) that says why.
/// </summary>
internal sealed class KmsConnection : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ConnectionSettings _settings;
    private readonly KmsClient _client;

    public KmsConnection(ConnectionSettings settings)
    {
        _settings = settings;
        _client = KmsClient.Create(settings.Url, settings.SharedKey, (_, certificate, _, errors) => settings.Trust.Accept(certificate, errors), Timeout);
    }

    /// <summary>Calls an operation and parses its answer.</summary>
    public Task<JsonObject> Call(string operation, JsonObject body, CancellationToken ct) =>
        Guard(() => _client.CallAsync(operation, body, ct), ct);

    /// <summary>The answer's raw bytes, for callers that must zero what it held (a data key's plaintext) once they are done.</summary>
    public Task<byte[]> CallRaw(string operation, JsonObject body, CancellationToken ct) =>
        Guard(() => _client.SendAsync(operation, KmsJson.Serialize(body), ct), ct);

    private async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (KmsServiceException e)
        {
            throw new ServiceException(e.Type, e.Message);
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

    public void Dispose() => _client.Dispose();
}
