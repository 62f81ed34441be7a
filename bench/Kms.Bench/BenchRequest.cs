using System.Text.Json;
using Kms.Client;

namespace Kms.Bench;

/// <summary>One prepared request: serialized once in setup, sent many times.</summary>
public sealed record BenchRequest(HttpMethod Method, string Path, byte[]? Body, bool Signed)
{
    public const string ApiPrefix = "/api/v1/go-kms/";

    /// <summary>The body's SHA-256 in lower-case hex, for <c>--content-hash</c>: computed once, as the body is.</summary>
    public string ContentHash { get; } = RequestSigner.ContentHash(Body ?? []);

    /// <summary>
    /// A signed go-kms call, its body written as a Go client writes it (<see cref="KmsJson"/>): the default encoder
    /// would send base64's <c>+</c> as <c>\u002B</c> and put every server on its JSON reader's slower unescaping path.
    /// </summary>
    public static BenchRequest Operation(string operation, object body) =>
        new(HttpMethod.Post, ApiPrefix + operation, JsonSerializer.SerializeToUtf8Bytes(body, KmsJson.Options), Signed: true);

    /// <summary>An unauthenticated GET, such as the health probe of the baseline.</summary>
    public static BenchRequest Get(string path) => new(HttpMethod.Get, path, null, Signed: false);
}
