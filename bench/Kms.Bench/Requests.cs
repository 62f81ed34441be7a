using Kms.Client;

namespace Kms.Bench;

/// <summary>The go-kms request bodies the scenarios send: Kms.Client's, with go-kms's field names (<c>KeyID</c>, <c>Plaintext</c>, <c>CiphertextBlob</c>).</summary>
public static class Requests
{
    public static BenchRequest Encrypt(string keyId, byte[] plaintext) =>
        BenchRequest.Operation("encrypt", new NativeRequests.Encrypt(keyId, plaintext));

    public static BenchRequest Decrypt(string ciphertextBlob) =>
        BenchRequest.Operation("decrypt", new NativeRequests.Decrypt(Convert.FromBase64String(ciphertextBlob)));

    public static BenchRequest GenerateDataKey(string keyId) =>
        BenchRequest.Operation("generatedatakey", new NativeRequests.GenerateDataKey(keyId));

    public static BenchRequest CreateKey(string description) =>
        BenchRequest.Operation("createkey", new NativeRequests.CreateKey(description));

    public static BenchRequest Liveness() => BenchRequest.Get("/healthz/live");
}
