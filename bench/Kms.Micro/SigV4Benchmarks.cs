using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Kms.Gateway.Auth;

namespace Kms.Micro;

/// <summary>
/// SigV4 verification of one AWS JSON request, the steps <see cref="SigV4AuthenticationMiddleware"/> takes after
/// reading the body: hash the body, build the canonical request, derive the signing key, sign, compare.
/// </summary>
[MemoryDiagnoser]
public class SigV4Benchmarks
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20261207T190452Z";
    private static readonly string[] SignedHeaders = ["content-type", "host", "x-amz-date", "x-amz-target"];

    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        $$"""{"KeyId":"0f8fad5b-d9cb-469f-a165-70867728950e","Plaintext":"{{Convert.ToBase64String(RandomNumberGenerator.GetBytes(256))}}"}""");
    private string _signature = "";

    [GlobalSetup]
    public void Setup() => _signature = Expected();

    [Benchmark]
    public bool Verify() => SigV4.SignatureMatches(Expected(), _signature);

    private string Expected()
    {
        var canonical = SigV4.CanonicalRequest("POST", "/", "", SignedHeaders, Header, SigV4.HexSha256(_body));
        var key = SigV4.SigningKey(Secret, AmzDate[..8], "us-east-1", "kms");
        return SigV4.Sign(key, SigV4.StringToSign(AmzDate, $"{AmzDate[..8]}/us-east-1/kms/aws4_request", canonical));
    }

    private static string? Header(string name) => name switch
    {
        "content-type" => "application/x-amz-json-1.1",
        "host" => "localhost:8443",
        "x-amz-date" => AmzDate,
        "x-amz-target" => "TrentService.Encrypt",
        _ => null,
    };
}
