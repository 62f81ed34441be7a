using System.Text.Json;

namespace Kms.Gateway.Tests.Vectors;

/// <summary>go-kms request signatures made outside Kms, in <c>Vectors/gokms-signatures.json</c>.</summary>
public static class GoKmsSignatureVectors
{
    public static readonly Set Facts = JsonSerializer.Deserialize<Set>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "gokms-signatures.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException("gokms-signatures.json is empty.");

    public sealed record Set(string SharedKey, IReadOnlyList<Case> Cases);

    public sealed record Case(string Name, string Method, string Date, string Path, string Signature)
    {
        public override string ToString() => Name;
    }
}
