using BenchmarkDotNet.Attributes;
using Kms.Domain.Keys;

namespace Kms.Micro;

/// <summary>The key's decision for an Encrypt: the pure rules every hot encrypt passes through in the key actor.</summary>
[MemoryDiagnoser]
public class KeyDomainBenchmarks
{
    private const string KeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 19, 4, 52, TimeSpan.Zero);

    private readonly KeyCommands.Encrypt _encrypt = new(KeyId, new byte[256], new Dictionary<string, string> { ["purpose"] = "bench" });
    private KeyState _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        var create = new KeyCommands.CreateKey(KeyId, "bench", KeySpec.SymmetricDefault, null);
        _state = ((KeyState?)null).Apply(((KeyState?)null).WithMaterial(create, Now, "gokms", [1, 2, 3]));
    }

    [Benchmark]
    public KeyDecision DecideEncrypt() => _state.Decide(_encrypt, Now);
}
