using System.Text.Json;

namespace Kms.Gateway.Tests.Vectors;

/// <summary>AWS's published Signature Version 4 test suite, as facts in <c>Vectors/sigv4-test-suite.json</c>.</summary>
public static class SigV4TestSuite
{
    public static readonly Suite Facts = JsonSerializer.Deserialize<Suite>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "sigv4-test-suite.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException("sigv4-test-suite.json is empty.");

    public sealed record Suite(
        string AccessKeyId, string SecretAccessKey, string Region, string Service, string Date, IReadOnlyList<Case> Cases, IReadOnlyList<NotRun> NotRun)
    {
        public string Scope => $"{Date[..8]}/{Region}/{Service}/aws4_request";
    }

    /// <summary>
    /// One request as the suite sends it (<see cref="Target"/> as on the wire, headers in order, repeated names
    /// repeated), the headers it signs and the signature it states; the canonical request and string to sign where the suite gives them.
    /// </summary>
    public sealed record Case(
        string Name, string Method, string Target, IReadOnlyList<IReadOnlyList<string>> Headers, string Body, string SignedHeaders, string Signature,
        string? CanonicalRequest, string? StringToSign)
    {
        public override string ToString() => Name;
    }

    /// <summary>A case of the suite Kms does not run, and why.</summary>
    public sealed record NotRun(string Name, string Reason);
}
