using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kms.Actors.Crypto;
using Kms.Gateway.Auth;
using Kms.Gateway.Json;
using Kms.Gateway.Operations;
using Kms.Gateway.Responses;
using Kms.Node.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Kms.Node.Hosting;

/// <summary>
/// One round of the node's hot paths for <see cref="NodeWarmUp"/>, on nothing real: the data cipher and both request
/// signatures with fresh random keys (wiped after the round), the JSON of the hot requests and replies, and HTTPS
/// requests to this node's own listener on a probe that needs no credentials. No key, journal row or
/// principal is touched, and nothing is logged.
/// </summary>
public sealed class HotPathWarmUp(NodeSettings settings, IServer server) : IDisposable
{
    /// <summary>Calls of each path per round: more than the 30 after which the runtime promotes a method to optimised code.</summary>
    private const int CallsPerRound = 64;

    private HttpClient? _http;

    public async Task Round(CancellationToken cancellation)
    {
        Cipher();
        Signatures();
        await Json(cancellation);
        await Https(cancellation);
    }

    private static void Cipher()
    {
        var keyId = Guid.NewGuid().ToString();
        var context = new Dictionary<string, string> { ["purpose"] = "warm-up" };
        var small = RandomNumberGenerator.GetBytes(256);
        var large = RandomNumberGenerator.GetBytes(4096);
        // KeyVersionCipher owns the material and wipes it when disposed.
        using var cipher = new KeyVersionCipher(RandomNumberGenerator.GetBytes(32));
        for (var i = 0; i < CallsPerRound; i++)
        {
            var blob = cipher.Encrypt(keyId, 1, i % 8 == 0 ? large : small, context);
            if (!CiphertextFormat.TryParseUnder(blob, keyId, out var parsed, out _)) throw new CryptographicException("warm-up blob unreadable");
            CryptographicOperations.ZeroMemory(cipher.Decrypt(parsed, context));
        }
    }

    private static void Signatures()
    {
        var sharedKey = RandomNumberGenerator.GetBytes(32);
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        byte[]? signingKey = null;
        try
        {
            var date = DateTimeOffset.UtcNow;
            var httpDate = date.ToString("r");
            var amzDate = date.ToString("yyyyMMdd'T'HHmmss'Z'");
            string? Header(string name) => name == "host" ? "localhost" : name == "x-amz-date" ? amzDate : null;
            for (var i = 0; i < CallsPerRound; i++)
            {
                GoKmsSignature.ComputeBase64(sharedKey, "POST", httpDate, "/api/v1/go-kms/decrypt", i % 2 == 0 ? null : SigV4.HexSha256(sharedKey));
                var canonical = SigV4.CanonicalRequest("POST", "/", "", ["host", "x-amz-date"], Header, SigV4.HexSha256("{}"u8));
                signingKey = SigV4.SigningKey(secret, amzDate[..8], "us-east-1", "kms");
                var signature = SigV4.Sign(signingKey, SigV4.StringToSign(amzDate, $"{amzDate[..8]}/us-east-1/kms/aws4_request", canonical));
                CryptographicOperations.ZeroMemory(signingKey);
                if (!SigV4.SignatureMatches(signature, signature)) throw new CryptographicException("warm-up signature mismatch");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedKey);
            if (signingKey is not null) CryptographicOperations.ZeroMemory(signingKey);
        }
    }

    private async Task Json(CancellationToken cancellation)
    {
        var blob = RandomNumberGenerator.GetBytes(320);
        var decrypt = JsonSerializerBytes(new DecryptOperation.Request { CiphertextBlob = blob, EncryptionContext = new() { ["purpose"] = "warm-up" } });
        var encrypt = JsonSerializerBytes(new EncryptOperation.Request { KeyId = Guid.NewGuid().ToString(), Plaintext = blob[..256] });
        for (var i = 0; i < CallsPerRound; i++)
        {
            await GatewayJson.ReadAsync<DecryptOperation.Request>(Post(decrypt), settings.MaxBodyBytes);
            await GatewayJson.ReadAsync<EncryptOperation.Request>(Post(encrypt), settings.MaxBodyBytes);
            var reply = new DefaultHttpContext { Response = { Body = Stream.Null } };
            await GatewayJson.WriteAsync(reply, new CryptoResponses.NativeEncryptResponse(blob));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private static byte[] JsonSerializerBytes<T>(T value) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, GatewayJson.Options);

    private static DefaultHttpContext Post(byte[] body)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body, writable: false);
        http.Response.Body = Stream.Null;
        return http;
    }

    private async Task Https(CancellationToken cancellation)
    {
        _http ??= Client();
        for (var i = 0; i < CallsPerRound; i++)
        {
            using var response = await _http.GetAsync("/healthz/live", cancellation);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>A client of this node's first listening address (loopback for a wildcard) that trusts only the node's own certificate.</summary>
    private HttpClient Client()
    {
        var address = new Uri(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                              ?? throw new InvalidOperationException("the node listens on no address"));
        var host = IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            ? (ip.Equals(IPAddress.Any) ? "127.0.0.1" : "[::1]")
            : address.Host;
        var own = X509Certificate2.CreateFromPem(File.ReadAllText(settings.CertificatePath));
        var handler = new SocketsHttpHandler
        {
            // Its connection closes soon after the last round instead of idling for a minute.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(own.RawData) },
        };
        return new HttpClient(handler) { BaseAddress = new UriBuilder(address) { Host = host }.Uri };
    }

    public void Dispose() => _http?.Dispose();
}
