namespace Kms.Bench;

/// <summary>The go-kms request bodies the scenarios send, with go-kms's field names (<c>KeyID</c>, <c>Plaintext</c>, <c>CiphertextBlob</c>).</summary>
public static class Requests
{
    public static BenchRequest Encrypt(string keyId, byte[] plaintext) =>
        BenchRequest.Operation("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String(plaintext) });

    public static BenchRequest Decrypt(string ciphertextBlob) =>
        BenchRequest.Operation("decrypt", new { CiphertextBlob = ciphertextBlob });

    public static BenchRequest GenerateDataKey(string keyId) =>
        BenchRequest.Operation("generatedatakey", new { KeyID = keyId });

    public static BenchRequest CreateKey(string description) =>
        BenchRequest.Operation("createkey", new { Description = description });

    public static BenchRequest Liveness() => BenchRequest.Get("/healthz/live");
}
