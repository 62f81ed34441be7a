using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Kms.Client;

namespace Kms.Bench;

/// <summary>
/// One <see cref="HttpClient"/> over a pool of keep-alive HTTP/1.1 connections (at most one per worker
/// and node), and the few go-kms calls setup needs. Only the eight go-kms operations are used, so any
/// server speaking go-kms can be measured. Given several nodes, each new message goes to the next one. Requests are
/// signed by Kms.Client's <see cref="PerSecondSigner"/>: once per path, body and second, so the client never pays for it.
/// </summary>
public sealed class GoKmsClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly PerSecondSigner _signer;
    private readonly Uri[] _nodes;
    private readonly bool _contentHash;
    private int _next = -1;

    private GoKmsClient(HttpClient http, PerSecondSigner signer, IReadOnlyList<Uri> nodes, bool contentHash)
    {
        Http = http;
        _signer = signer;
        _nodes = [.. nodes];
        _contentHash = contentHash;
    }

    public HttpClient Http { get; }

    public static GoKmsClient Create(BenchOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = CertificateCheck(options) },
        };
        var http = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var sharedKey = SharedKey.ReadFile(options.AuthKeyFile);
        if (sharedKey.Length == 0) throw new UsageException($"--auth-key-file: {options.AuthKeyFile} is empty");
        return new GoKmsClient(http, new PerSecondSigner(sharedKey), options.Urls, options.ContentHash);
    }

    /// <summary>A fresh message for a prepared request to the next node, signed for the current second when it is an API call.</summary>
    public HttpRequestMessage NewMessage(BenchRequest request)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(NextNode(), request.Path));
        if (request.Body is not null) message.Content = new ByteArrayContent(request.Body) { Headers = { ContentType = Json } };
        if (request.Signed)
        {
            var signature = _signer.Sign(request.Path, _contentHash ? request.ContentHash : null);
            message.Headers.TryAddWithoutValidation(RequestSigner.DateHeader, signature.Date);
            if (_contentHash) message.Headers.TryAddWithoutValidation(RequestSigner.ContentHashHeader, request.ContentHash);
            message.Headers.TryAddWithoutValidation(RequestSigner.AuthorizationHeader, signature.Authorization);
        }
        return message;
    }

    /// <summary>A setup call: answers the parsed body, or throws <see cref="SetupException"/> on any failure.</summary>
    public async Task<JsonElement> Call(BenchRequest request, CancellationToken ct = default)
    {
        try
        {
            using var message = NewMessage(request);
            using var response = await Http.SendAsync(message, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new SetupException($"{request.Method} {request.Path} answered {(int)response.StatusCode}: {Shorten(body)}");
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            throw new SetupException($"{request.Method} {request.Path} failed: {e.Message}");
        }
    }

    /// <summary>go-kms answers <c>{"KeyMetadata": {"KeyId": ...}}</c>.</summary>
    public async Task<string> CreateKey(string description, CancellationToken ct = default)
    {
        var reply = await Call(Requests.CreateKey(description), ct);
        return Field(reply, "createkey", "KeyMetadata", "KeyId");
    }

    /// <summary>The base64 ciphertext, as go-kms answers it in <c>CiphertextBlob</c>.</summary>
    public async Task<string> Encrypt(string keyId, byte[] plaintext, CancellationToken ct = default)
    {
        var reply = await Call(Requests.Encrypt(keyId, plaintext), ct);
        return Field(reply, "encrypt", "CiphertextBlob");
    }

    /// <summary>The base64 plaintext, as go-kms answers it in <c>Plaintext</c>.</summary>
    public async Task<string> Decrypt(string ciphertextBlob, CancellationToken ct = default)
    {
        var reply = await Call(Requests.Decrypt(ciphertextBlob), ct);
        return Field(reply, "decrypt", "Plaintext");
    }

    /// <summary>Creates many keys over all connections at once (retrying each a few times); setup, never measured.</summary>
    public async Task<IReadOnlyList<string>> CreateKeys(int count, string description, int connections, IProgress<int>? progress = null)
    {
        var keys = new string[count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = connections }, async (i, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    keys[i] = await CreateKey(description, ct);
                    break;
                }
                catch (SetupException) when (attempt < 3)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
                }
            }
            progress?.Report(Interlocked.Increment(ref done));
        });
        return keys;
    }

    /// <summary>Opens every connection of the pool before a measurement, so none is opened while measuring.</summary>
    public async Task OpenConnections(int connections)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, connections * 2 * _nodes.Length), new ParallelOptions { MaxDegreeOfParallelism = connections }, async (_, ct) =>
        {
            try
            {
                using var message = NewMessage(Requests.Liveness());
                using var response = await Http.SendAsync(message, ct);
            }
            catch (HttpRequestException)
            {
            }
        });
    }

    public void Dispose() => Http.Dispose();

    private Uri NextNode() =>
        _nodes.Length == 1 ? _nodes[0] : _nodes[(int)((uint)Interlocked.Increment(ref _next) % (uint)_nodes.Length)];

    public static string Shorten(string text) =>
        (text.Length > 200 ? text[..200] + "…" : text).ReplaceLineEndings(" ");

    private static string Field(JsonElement reply, string operation, params string[] path)
    {
        var element = reply;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                throw new SetupException($"{operation} answered no {string.Join('.', path)}: {Shorten(reply.GetRawText())}");
        }
        return element.GetString() ?? throw new SetupException($"{operation} answered a null {string.Join('.', path)}");
    }

    private static RemoteCertificateValidationCallback? CertificateCheck(BenchOptions options)
    {
        if (options.Insecure) return (_, _, _, _) => true;
        if (options.CaCertFile is null) return null;
        var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(options.CaCertFile));
        return (_, certificate, _, errors) =>
        {
            if (certificate is not X509Certificate2 presented) return false;
            if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
            if (presented.RawDataMemory.Span.SequenceEqual(trusted.RawDataMemory.Span)) return true;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented);
        };
    }
}
