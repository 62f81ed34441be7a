using System.Text.Json;

namespace Kms.Bench;

/// <summary>One prepared request: serialized once in setup, sent many times.</summary>
public sealed record BenchRequest(HttpMethod Method, string Path, byte[]? Body, bool Signed)
{
    public const string ApiPrefix = "/api/v1/go-kms/";

    /// <summary>A signed go-kms call; the body's property names are sent exactly as written.</summary>
    public static BenchRequest Operation(string operation, object body) =>
        new(HttpMethod.Post, ApiPrefix + operation, JsonSerializer.SerializeToUtf8Bytes(body), Signed: true);

    /// <summary>An unauthenticated GET, such as the health probe of the baseline.</summary>
    public static BenchRequest Get(string path) => new(HttpMethod.Get, path, null, Signed: false);
}
