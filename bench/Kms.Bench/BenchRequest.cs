using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kms.Bench;

/// <summary>One prepared request: serialized once in setup, sent many times.</summary>
public sealed record BenchRequest(HttpMethod Method, string Path, byte[]? Body, bool Signed)
{
    public const string ApiPrefix = "/api/v1/go-kms/";

    /// <summary>The body's SHA-256 in lower-case hex, for <c>--content-hash</c>: computed once, as the body is.</summary>
    public string ContentHash { get; } = Convert.ToHexStringLower(SHA256.HashData(Body ?? []));

    /// <summary>
    /// Bodies as a Go client writes them: Go's <c>encoding/json</c> leaves base64's <c>+</c> and <c>/</c> as
    /// they are, where the serializer's default encoder would send <c>+</c> as <c>\u002B</c> and put every
    /// server on its JSON reader's slower unescaping path.
    /// </summary>
    private static readonly JsonSerializerOptions GoLike = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A signed go-kms call; the body's property names are sent exactly as written.</summary>
    public static BenchRequest Operation(string operation, object body) =>
        new(HttpMethod.Post, ApiPrefix + operation, JsonSerializer.SerializeToUtf8Bytes(body, GoLike), Signed: true);

    /// <summary>An unauthenticated GET, such as the health probe of the baseline.</summary>
    public static BenchRequest Get(string path) => new(HttpMethod.Get, path, null, Signed: false);
}
