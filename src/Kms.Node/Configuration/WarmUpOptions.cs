namespace Kms.Node.Configuration;

/// <summary>
/// <c>Kms:WarmUp</c>, off by default: before a node reports ready, it runs its hot paths (the data cipher, the request signatures,
/// the JSON of the hot requests, HTTPS to itself) on throwaway random keys until the JIT has nothing left to compile
/// for them, for at most <see cref="MaxDuration"/>, so that a node added under load starts nearer its steady speed
/// (docs/decisions/0102-warm-up-before-ready.md).
/// </summary>
public sealed class WarmUpOptions
{
    /// <summary>Off until a measurement on a quiet machine shows a gain: on a loaded one, the first requests after it stalled.</summary>
    public bool Enabled { get; set; }

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(10);
}
