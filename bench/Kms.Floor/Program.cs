using System.Collections.Concurrent;
using System.CommandLine;
using System.CommandLine.Help;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Kms.Actors.Crypto;
using Kms.Gateway.Auth;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The issue's "floor of this machine": a bare Kestrel HTTPS endpoint that parses the JSON and runs AES-256-GCM,
// with no authentication, actors, journal or request log. It answers the go-kms calls the hot scenarios of
// Kms.Bench make (createkey, encrypt, decrypt) and its /healthz/live baseline, so the same bench run measures it
// beside the node. Keys live in memory only; this is a measuring stick, not a KMS.
//   dotnet bench/Kms.Floor/bin/Release/net10.0/Kms.Floor.dll --port 18443 --cert tls.crt --key tls.key
// Each --add puts back one piece of what the node does, with the node's own code, so the steps between the floor
// and the node can be measured one at a time:
//   --add auth --auth-key-file F  checks the go-kms signature of every /api request (GoKmsSignature.Verify)
//   --add derive                  encrypts with a key derived per message and the node's blob header (DataCipher;
//                                 the node itself keeps a salt's message key, KeyVersionCipher)
//   --add actor                   runs each key's crypto in its own actor, asked once per request
var portOption = new Option<int>("--port") { HelpName = "N", Description = "the loopback port to listen on, 1 to 65535", DefaultValueFactory = _ => 18443 };
portOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 1 or > 65535) result.AddError("--port must be 1 to 65535");
});
var certOption = new Option<string>("--cert") { HelpName = "FILE", Description = "the PEM certificate", Required = true };
var keyOption = new Option<string>("--key") { HelpName = "FILE", Description = "its PEM private key", Required = true };
var authKeyOption = new Option<string>("--auth-key-file") { HelpName = "FILE", Description = "the shared HMAC key, for --add auth" };
var addOption = new Option<string[]>("--add") { HelpName = "PIECE", Description = "put back one piece of the node: auth, derive or actor (repeatable)", AllowMultipleArgumentsPerToken = false };
addOption.AcceptOnlyFromAmong("auth", "derive", "actor");
var command = new RootCommand("Kms.Floor: the floor of this machine, a bare HTTPS endpoint answering the bench's hot go-kms calls.")
{
    portOption, certOption, keyOption, authKeyOption, addOption,
};
var parsed = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Action is HelpAction) return parsed.Invoke();
if (parsed.Errors is [var error, ..])
{
    Console.Error.WriteLine($"Kms.Floor: {error.Message.ReplaceLineEndings(" ")} (try --help)");
    return 2;
}
var added = new HashSet<string>(parsed.GetValue(addOption) ?? [], StringComparer.Ordinal);
var authKeyPath = parsed.GetValue(authKeyOption);
if (added.Contains("auth") && authKeyPath is null)
{
    Console.Error.WriteLine("Kms.Floor: --add auth needs --auth-key-file FILE (try --help)");
    return 2;
}
var port = parsed.GetValue(portOption);
var certPath = parsed.GetValue(certOption)!;
var keyPath = parsed.GetValue(keyOption)!;

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
if (authKeyPath is not null && added.Contains("auth"))
{
    var sharedKey = File.ReadAllBytes(authKeyPath).AsSpan().TrimEnd("\r\n"u8).ToArray(); // the file without its trailing newline
    app.Use((http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/api")) return next(http);
        var request = http.Request;
        var date = request.Headers[GoKmsAuthenticationMiddleware.DateHeader].ToString();
        // A signed body hash (bench --content-hash) is taken into the signature; the floor does not hash the body.
        var contentHash = request.Headers[GoKmsAuthenticationMiddleware.ContentHashHeader].ToString();
        if (!KmsDate.TryParse(date, out var sent) || (DateTimeOffset.UtcNow - sent).Duration() > TimeSpan.FromMinutes(5)
            || !GoKmsSignature.Verify(sharedKey, request.Method, date, (request.PathBase + request.Path).Value ?? "",
                contentHash.Length == 0 ? null : contentHash, request.Headers.Authorization.ToString()))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return next(http);
    });
}
var derive = added.Contains("derive");
var actors = added.Contains("actor") ? ActorSystem.Create("floor", "akka.loglevel = WARNING") : null;
var keys = new ConcurrentDictionary<Guid, FloorKey>();
var askTimeout = TimeSpan.FromSeconds(5);

app.MapGet("/healthz/live", () => Results.Text("live"));
app.MapPost("/api/v1/go-kms/createkey", () =>
{
    var id = Guid.NewGuid();
    var key = new FloorKey(id, RandomNumberGenerator.GetBytes(32), derive);
    if (actors is not null) key.Actor = actors.ActorOf(Props.Create(() => new FloorKeyActor(key)));
    keys[id] = key;
    return Results.Json(new CreateKeyReply(new KeyMetadata(id.ToString())));
});
app.MapPost("/api/v1/go-kms/encrypt", async (EncryptRequest request) =>
{
    if (!Guid.TryParse(request.KeyID, out var id) || !keys.TryGetValue(id, out var key) || request.Plaintext is null)
        return Results.BadRequest();
    var blob = key.Actor is { } actor
        ? (byte[]?)await actor.Ask<object>(new FloorKeyActor.Encrypt(request.Plaintext), askTimeout)
        : key.Encrypt(request.Plaintext);
    return Results.Json(new EncryptReply(blob!));
});
app.MapPost("/api/v1/go-kms/decrypt", async (DecryptRequest request) =>
{
    if (request.CiphertextBlob is not { } blob || FloorKey.IdOf(blob, derive) is not { } id || !keys.TryGetValue(id, out var key))
        return Results.BadRequest();
    var plaintext = key.Actor is { } actor
        ? await actor.Ask<object>(new FloorKeyActor.Decrypt(blob), askTimeout) as byte[]
        : key.Decrypt(blob);
    return plaintext is null ? Results.BadRequest() : Results.Json(new DecryptReply(plaintext));
});
app.Run();
return 0;

internal sealed record KeyMetadata(string KeyId);
internal sealed record CreateKeyReply(KeyMetadata KeyMetadata);
internal sealed record EncryptRequest(string? KeyID, byte[]? Plaintext);
internal sealed record EncryptReply(byte[] CiphertextBlob);
internal sealed record DecryptRequest(byte[]? CiphertextBlob);
internal sealed record DecryptReply(byte[] Plaintext);

/// <summary>
/// One key. Plain: AES-256-GCM under the key itself, the blob being key id, nonce, ciphertext and tag. Derived:
/// <see cref="DataCipher"/> (the node's blob header, a key derived per message, without the node's kept message keys).
/// </summary>
internal sealed class FloorKey(Guid id, byte[] material, bool derive)
{
    public IActorRef? Actor { get; set; }

    public static Guid? IdOf(byte[] blob, bool derive) =>
        derive
            ? CiphertextFormat.TryParse(blob, out var parsed, out _) && Guid.TryParse(parsed.KeyId, out var id) ? id : null
            : blob.Length >= 44 ? new Guid(blob.AsSpan(0, 16)) : null;

    public byte[] Encrypt(byte[] plaintext)
    {
        if (derive) return DataCipher.Encrypt(material, id.ToString(), 1, plaintext, null);
        var blob = new byte[16 + 12 + plaintext.Length + 16];
        id.TryWriteBytes(blob);
        var nonce = blob.AsSpan(16, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(material, 16);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(28, plaintext.Length), blob.AsSpan(28 + plaintext.Length));
        return blob;
    }

    /// <summary>Null when the blob was tampered with.</summary>
    public byte[]? Decrypt(byte[] blob)
    {
        try
        {
            if (derive)
                return CiphertextFormat.TryParse(blob, out var parsed, out _) ? DataCipher.Decrypt(material, parsed, null) : null;
            var plaintext = new byte[blob.Length - 44];
            using var aes = new AesGcm(material, 16);
            aes.Decrypt(blob.AsSpan(16, 12), blob.AsSpan(28, plaintext.Length), blob.AsSpan(blob.Length - 16), plaintext);
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Runs one key's crypto, one message at a time, as the node's key actor does (without its journal).</summary>
internal sealed class FloorKeyActor : ReceiveActor
{
    public sealed record Encrypt(byte[] Plaintext);
    public sealed record Decrypt(byte[] Blob);
    public sealed record Tampered { public static readonly Tampered Instance = new(); }

    public FloorKeyActor(FloorKey key)
    {
        Receive<Encrypt>(m => Sender.Tell(key.Encrypt(m.Plaintext)));
        Receive<Decrypt>(m => Sender.Tell((object?)key.Decrypt(m.Blob) ?? Tampered.Instance));
    }
}
