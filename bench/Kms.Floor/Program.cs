using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The "floor of this machine": a bare Kestrel HTTPS endpoint that parses the JSON and runs AES-256-GCM,
// with no authentication, actors, journal or request log. It answers the go-kms calls the hot scenarios of
// Kms.Bench make (createkey, encrypt, decrypt) and its /healthz/live baseline, so the same bench run measures it
// beside the node (docs/benchmarks.md, round six). Keys live in memory only; this is a measuring stick, not a KMS.
//   dotnet bench/Kms.Floor/bin/Release/net10.0/Kms.Floor.dll --port 18443 --cert tls.crt --key tls.key
var port = 18443;
string? certPath = null, keyPath = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port" when int.TryParse(args[i + 1], out var p) && p is > 0 and < 65536: port = p; break;
        case "--port": Console.Error.WriteLine($"Kms.Floor: --port must be 1 to 65535, not {args[i + 1]}"); return 2;
        case "--cert": certPath = args[i + 1]; break;
        case "--key": keyPath = args[i + 1]; break;
        default: Console.Error.WriteLine($"Kms.Floor: unknown option {args[i]}"); return 2;
    }
}
if (certPath is null || keyPath is null)
{
    Console.Error.WriteLine("usage: Kms.Floor --port N --cert tls.crt --key tls.key (PEM)");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = null); // go-kms's field names
var certificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(System.Net.IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(certificate);
    });
});
var app = builder.Build();
var keys = new ConcurrentDictionary<Guid, byte[]>();

app.MapGet("/healthz/live", () => Results.Text("live"));
app.MapPost("/api/v1/go-kms/createkey", () =>
{
    var id = Guid.NewGuid();
    keys[id] = RandomNumberGenerator.GetBytes(32);
    return Results.Json(new CreateKeyReply(new KeyMetadata(id.ToString())));
});
app.MapPost("/api/v1/go-kms/encrypt", (EncryptRequest request) =>
{
    if (!Guid.TryParse(request.KeyID, out var id) || !keys.TryGetValue(id, out var key) || request.Plaintext is null)
        return Results.BadRequest();
    var blob = new byte[16 + 12 + request.Plaintext.Length + 16];
    id.TryWriteBytes(blob);
    var nonce = blob.AsSpan(16, 12);
    RandomNumberGenerator.Fill(nonce);
    using var aes = new AesGcm(key, 16);
    aes.Encrypt(nonce, request.Plaintext, blob.AsSpan(28, request.Plaintext.Length), blob.AsSpan(28 + request.Plaintext.Length));
    return Results.Json(new EncryptReply(blob));
});
app.MapPost("/api/v1/go-kms/decrypt", (DecryptRequest request) =>
{
    var blob = request.CiphertextBlob;
    if (blob is null || blob.Length < 44 || !keys.TryGetValue(new Guid(blob.AsSpan(0, 16)), out var key))
        return Results.BadRequest();
    var plaintext = new byte[blob.Length - 44];
    using var aes = new AesGcm(key, 16);
    try
    {
        aes.Decrypt(blob.AsSpan(16, 12), blob.AsSpan(28, plaintext.Length), blob.AsSpan(blob.Length - 16), plaintext);
    }
    catch (AuthenticationTagMismatchException)
    {
        return Results.BadRequest();
    }
    return Results.Json(new DecryptReply(plaintext));
});
app.Run();
return 0;

internal sealed record KeyMetadata(string KeyId);
internal sealed record CreateKeyReply(KeyMetadata KeyMetadata);
internal sealed record EncryptRequest(string? KeyID, byte[]? Plaintext);
internal sealed record EncryptReply(byte[] CiphertextBlob);
internal sealed record DecryptRequest(byte[]? CiphertextBlob);
internal sealed record DecryptReply(byte[] Plaintext);
