namespace Kms.Node.Configuration;

/// <summary>
/// <c>Kms:WarmUp</c>: before a node reports ready, it runs its hot paths (the data cipher, the request signatures,
/// the JSON of the hot requests, HTTPS to itself) on throwaway random keys until the JIT has nothing left to compile
/// for them, for at most <see cref="MaxDuration"/>, so that a node added under load starts nearer its steady speed
/// (docs/decisions/0102-warm-up-before-ready.md).
/// </summary>
public sealed class WarmUpOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(10);
}
