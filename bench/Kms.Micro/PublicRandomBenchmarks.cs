using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Kms.Actors.Crypto;

namespace Kms.Micro;

/// <summary>A 12-byte nonce from <see cref="PublicRandom"/> and straight from the system (docs/decisions/0002-public-random-buffer.md).</summary>
public class PublicRandomBenchmarks
{
    private readonly byte[] _nonce = new byte[12];

    [Benchmark(Baseline = true)]
    public void FromThreadBuffer() => PublicRandom.Fill(_nonce);

    [Benchmark]
    public void FromSystem() => RandomNumberGenerator.Fill(_nonce);
}
