using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Kms.Actors.Crypto;
using Kms.Domain.Ciphertexts;

namespace Kms.Micro;

/// <summary>
/// Encrypting and decrypting 256 bytes under one key version: through <see cref="KeyVersionCipher"/>, as the key
/// actor does (a kept message key), and through <see cref="DataCipher"/> with a message key derived per message.
/// </summary>
[MemoryDiagnoser]
public class DataCipherBenchmarks
{
    private const string KeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly Dictionary<string, string> Context = new() { ["purpose"] = "bench" };

    private readonly byte[] _material = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(256);
    private KeyVersionCipher _cipher = null!;
    private ParsedCiphertext _blob;

    [GlobalSetup]
    public void Setup()
    {
        _cipher = new KeyVersionCipher(_material);
        _cipher.Encrypt(KeyId, 1, _plaintext, Context);
        if (!CiphertextFormat.TryParse(_cipher.Encrypt(KeyId, 1, _plaintext, Context), out _blob, out var error))
            throw new InvalidOperationException(error);
        _cipher.Decrypt(_blob, Context);
    }

    [GlobalCleanup]
    public void Cleanup() => _cipher.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] Encrypt256() => _cipher.Encrypt(KeyId, 1, _plaintext, Context);

    [Benchmark]
    public byte[] Decrypt256() => _cipher.Decrypt(_blob, Context);

    [Benchmark]
    public byte[] Encrypt256DerivingItsMessageKey() => DataCipher.Encrypt(_material, KeyId, 1, _plaintext, Context);
}
