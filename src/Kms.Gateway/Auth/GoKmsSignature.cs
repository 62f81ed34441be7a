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
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, sharedKey);
        var mac = new byte[HMACSHA256.HashSizeInBytes];
        Sign(hmac, method, date, path, contentHash, mac);
        return mac;
    }

    public static string ComputeBase64(ReadOnlySpan<byte> sharedKey, string method, string date, string path, string? contentHash = null) =>
        Convert.ToBase64String(Compute(sharedKey, method, date, path, contentHash));

    /// <summary>
    /// Checks a presented signature in constant time; malformed base64 is simply a mismatch. The HMAC context
    /// keyed with <paramref name="sharedKey"/> is kept per thread, since keying a new one costs OpenSSL more than
    /// the MAC itself (docs/decisions/0001-keyed-hmac-per-thread.md).
    /// </summary>
    public static bool Verify(byte[] sharedKey, string method, string date, string path, string presented) =>
        Verify(sharedKey, method, date, path, contentHash: null, presented);

    /// <summary>As above, for a request that signed its body's hash (<paramref name="contentHash"/>), or not (null).</summary>
    public static bool Verify(byte[] sharedKey, string method, string date, string path, string? contentHash, string presented)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(MacFor(sharedKey), method, date, path, contentHash, expected);

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(presented.Trim(), given, out var written)) written = 0;
        var match = CryptographicOperations.FixedTimeEquals(expected, given[..expected.Length]) && written == expected.Length;
        CryptographicOperations.ZeroMemory(expected);
        return match;
    }

    /// <summary>
    /// Per thread, an HMAC context for each shared key it has checked, at most <see cref="KeptMacs"/>. Keys are
    /// told apart by reference: a shared key is never changed in place, a reloaded principal brings a new array.
    /// </summary>
    [ThreadStatic] private static Dictionary<byte[], IncrementalHash>? t_macs;

    private const int KeptMacs = 16;

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
