using System.Security.Cryptography;
using System.Text;

namespace Kms.Gateway.Auth;

/// <summary>
/// The go-kms request signature: base64 of HMAC-SHA256, keyed with the shared key, over
/// <c>METHOD \n x-kms-date \n path</c>, or, when the request carries <c>x-kms-content-sha256</c>, over
/// <c>METHOD \n x-kms-date \n path \n content-sha256</c> (lower-case hex), which binds the body too.
/// </summary>
public static class GoKmsSignature
{
    public static byte[] Compute(ReadOnlySpan<byte> sharedKey, string method, string date, string path, string? contentHash = null)
    {
        var mac = new byte[HMACSHA256.HashSizeInBytes];
        Sign(sharedKey, method, date, path, contentHash, mac);
        return mac;
    }

    public static string ComputeBase64(ReadOnlySpan<byte> sharedKey, string method, string date, string path, string? contentHash = null) =>
        Convert.ToBase64String(Compute(sharedKey, method, date, path, contentHash));

    /// <summary>Per thread, an HMAC context for each shared key it has checked, at most <see cref="KeptMacs"/>.</summary>
    [ThreadStatic] private static Dictionary<byte[], IncrementalHash>? t_macs;

    private const int KeptMacs = 16;

    /// <summary>
    /// Checks a presented signature in constant time; malformed base64 is simply a mismatch. It runs on every
    /// request, so the signed text and both MACs stay on the stack (docs/benchmarks.md, round eight), the HMAC
    /// context keyed with <paramref name="sharedKey"/> is kept per thread: keying one costs as much as the MAC
    /// (round ten), and so are the last few MACs (below). Shared keys are never changed in place: a reloaded
    /// principal brings a new array.
    /// </summary>
    public static bool Verify(byte[] sharedKey, string method, string date, string path, string presented) =>
        Verify(sharedKey, method, date, path, contentHash: null, presented);

    /// <summary>As above, for a request that signed its body's hash (<paramref name="contentHash"/>), or not (null).</summary>
    public static bool Verify(byte[] sharedKey, string method, string date, string path, string? contentHash, string presented)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Expected(sharedKey, method, date, path, contentHash, expected);

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(presented.Trim(), given, out var written)) written = 0;
        var match = CryptographicOperations.FixedTimeEquals(expected, given[..expected.Length]) && written == expected.Length;
        CryptographicOperations.ZeroMemory(expected);
        return match;
    }

    /// <summary>
    /// Per thread, the last few MACs it computed and what each was computed over. A legacy go-kms signature covers
    /// the method, the date to the second and the path, not the body, so a client's requests to one operation within
    /// one second all carry the same signature, and the MAC computed for the first serves the rest; a signature over
    /// a content hash is kept with that hash, so it serves only a request with the same body
    /// (docs/benchmarks.md, round fourteen). The answer is the one computing would give: the same key and text
    /// give the same MAC, and it is still compared with the presented signature in constant time on every
    /// request. A kept MAC is worth no more than the signature the client itself sent for that path and second;
    /// newer ones overwrite it. Keys are told apart by reference, like the contexts above.
    /// </summary>
    [ThreadStatic] private static KeptSignature[]? t_kept;

    [ThreadStatic] private static int t_nextKept;

    private const int KeptSignatures = 4;

    private sealed class KeptSignature
    {
        public byte[]? Key;
        public string? Method, Date, Path, ContentHash;
        public readonly byte[] Mac = new byte[HMACSHA256.HashSizeInBytes];
    }

    /// <summary>The MAC for the request: a kept one if this thread computed it lately, else computed and kept.</summary>
    private static void Expected(byte[] sharedKey, string method, string date, string path, string? contentHash, Span<byte> mac)
    {
        var kept = t_kept ??= Enumerable.Range(0, KeptSignatures).Select(_ => new KeptSignature()).ToArray();
        foreach (var entry in kept)
        {
            if (ReferenceEquals(entry.Key, sharedKey) && entry.Date == date && entry.Path == path && entry.Method == method
                && entry.ContentHash == contentHash)
            {
                entry.Mac.CopyTo(mac);
                return;
            }
        }
        Sign(MacFor(sharedKey), method, date, path, contentHash, mac);
        var slot = kept[t_nextKept];
        t_nextKept = (t_nextKept + 1) % KeptSignatures;
        (slot.Key, slot.Method, slot.Date, slot.Path, slot.ContentHash) = (sharedKey, method, date, path, contentHash);
        mac.CopyTo(slot.Mac);
    }

    private static IncrementalHash MacFor(byte[] sharedKey)
    {
        var macs = t_macs ??= new Dictionary<byte[], IncrementalHash>(ReferenceEqualityComparer.Instance);
        if (macs.TryGetValue(sharedKey, out var mac)) return mac;
        if (macs.Count == KeptMacs)
        {
            foreach (var kept in macs.Values) kept.Dispose();
            macs.Clear();
        }
        return macs[sharedKey] = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, sharedKey);
    }

    private static void Sign(ReadOnlySpan<byte> sharedKey, string method, string date, string path, string? contentHash, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, sharedKey);
        Sign(hmac, method, date, path, contentHash, mac);
    }

    /// <summary>
    /// The MAC over <c>METHOD \n date \n path</c> (then <c>\n content-sha256</c> when given) in UTF-8, the signed text
    /// built on the stack unless the path is long.
    /// </summary>
    private static void Sign(IncrementalHash hmac, string method, string date, string path, string? contentHash, Span<byte> mac)
    {
        var maxSigned = Encoding.UTF8.GetMaxByteCount(method.Length + date.Length + path.Length + 3 + (contentHash?.Length ?? 0));
        Span<byte> signed = maxSigned <= 1024 ? stackalloc byte[1024] : new byte[maxSigned];
        var length = Encoding.UTF8.GetBytes(method, signed);
        signed[length++] = (byte)'\n';
        length += Encoding.UTF8.GetBytes(date, signed[length..]);
        signed[length++] = (byte)'\n';
        length += Encoding.UTF8.GetBytes(path, signed[length..]);
        if (contentHash is not null)
        {
            signed[length++] = (byte)'\n';
            length += Encoding.UTF8.GetBytes(contentHash, signed[length..]);
        }
        hmac.AppendData(signed[..length]);
        hmac.GetHashAndReset(mac);
    }
}
