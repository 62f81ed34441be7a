using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Kms.Gateway.Operations;
using Kms.Gateway.Responses;

namespace Kms.Micro;

/// <summary>
/// Writing the AWS Encrypt reply of a 256-byte plaintext: the reply record through the code generated for it
/// (Kms.Gateway's ResponseJsonContext), against the anonymous object by reflection it replaced.
/// </summary>
[MemoryDiagnoser]
public class ReplyJsonBenchmarks
{
    private static readonly KeyArns Arns = KeyArns.Default;
    private readonly string _keyId = Guid.NewGuid().ToString();
    private readonly byte[] _ciphertext = RandomNumberGenerator.GetBytes(256 + 60);

    [Benchmark(Baseline = true)]
    public byte[] AnonymousObjectByReflection()
    {
        var body = new { CiphertextBlob = _ciphertext, KeyId = Arns.Key(_keyId), EncryptionAlgorithm = AwsNames.SymmetricDefault };
        return JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), GatewayJson.Options);
    }

    [Benchmark]
    public byte[] RecordByGeneratedCode() =>
        GatewayJson.SerializeReply(new CryptoResponses.AwsEncryptResponse(_ciphertext, Arns.Key(_keyId), AwsNames.SymmetricDefault));
}
