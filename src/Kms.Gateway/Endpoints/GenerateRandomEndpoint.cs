using Kms.Actors.Aliases;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Endpoints;

/// <summary><c>POST /api/v1/go-kms/generaterandom</c>: <c>{"NumberOfBytes"}</c> (1–1024) → <c>{"Plaintext"}</c>.</summary>
public static class GenerateRandomEndpoint
{
    public sealed class Request
    {
        public int? NumberOfBytes { get; set; }
    }

    public static Task Handle(HttpContext http, KeyOperations keys, GatewayOptions options) =>
        Replies.Run<Request, KeyReplies.RandomBytes>(http, options, (r, ct) => Task.FromResult(KeyOperations.GenerateRandom(r.NumberOfBytes)), b => new { b.Plaintext });
}
