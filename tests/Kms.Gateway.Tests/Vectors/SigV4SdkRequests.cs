using System.Text.Json;

namespace Kms.Gateway.Tests.Vectors;

/// <summary>AWS KMS requests to Kms's AWS door as the AWS SDK for Python signs them (<c>Vectors/sigv4-kms-requests.json</c>, made by scripts/make-sigv4-vectors.py).</summary>
public static class SigV4SdkRequests
{
    public static readonly Set Facts = JsonSerializer.Deserialize<Set>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "sigv4-kms-requests.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException("sigv4-kms-requests.json is empty.");

    public sealed record Set(string AccessKeyId, string SecretAccessKey, string SignedAt, IReadOnlyList<Request> Cases);

    /// <summary>A signed POST to <c>/</c>: its host, its headers as sent (Authorization among them) and its body.</summary>
    public sealed record Request(string Name, string Host, IReadOnlyList<IReadOnlyList<string>> Headers, string Body)
    {
        public override string ToString() => Name;
    }
}
