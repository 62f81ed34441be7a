using System.Collections.Concurrent;

namespace Kms.Client;

/// <summary>
/// Signs POSTs for a load generator: a signature only changes with the path, the body's hash and the second, so it is
/// computed once per (path, hash, second) and reused by every request that shares them. The sender then measures the
/// server, not its own HMACs.
/// </summary>
public sealed class PerSecondSigner(byte[] sharedKey, TimeProvider? clock = null)
{
    private readonly ConcurrentDictionary<(string Path, string? ContentHash), RequestSignature> _signed = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public RequestSignature Sign(string path, string? contentHash = null)
    {
        var second = _clock.GetUtcNow().ToUnixTimeSeconds();
        if (_signed.TryGetValue((path, contentHash), out var signed) && signed.Second == second) return signed;
        var date = RequestSigner.FormatDate(DateTimeOffset.FromUnixTimeSeconds(second));
        signed = new RequestSignature(second, date, RequestSigner.Sign(sharedKey, "POST", date, path, contentHash));
        _signed[(path, contentHash)] = signed;
        return signed;
    }
}
