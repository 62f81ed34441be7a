using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Kms.Gateway.Auth;

namespace Kms.Micro;

/// <summary>
/// The go-kms signature check of one request, and beside it the same MAC with a context keyed per call, the cost
/// that docs/decisions/0001-keyed-hmac-per-thread.md keeps off the request.
/// </summary>
[MemoryDiagnoser]
public class GoKmsSignatureBenchmarks
{
    private const string Method = "POST";
    private const string Date = "Mon, 07 Dec 2026 19:04:52 UTC";
    private const string Path = "/api/v1/go-kms/encrypt";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private string _signature = "";

    [GlobalSetup]
    public void Setup() => _signature = GoKmsSignature.ComputeBase64(_key, Method, Date, Path);

    [Benchmark(Baseline = true)]
    public bool Verify() => GoKmsSignature.Verify(_key, Method, Date, Path, _signature);

    [Benchmark]
    public byte[] OneShotMac() => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{Method}\n{Date}\n{Path}"));
}
