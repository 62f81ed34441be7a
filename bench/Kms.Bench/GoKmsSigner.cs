using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Bench;

/// <summary>
/// Signs requests as go-kms clients do: <c>x-kms-date</c> in RFC 1123 UTC and <c>Authorization</c> =
/// base64(HMAC-SHA256(shared key, "POST\n" + date + "\n" + path)), or with <c>--content-hash</c>, as the kms CLI
/// does, over <c>... + "\n" + content-sha256</c> with <c>x-kms-content-sha256</c> sent. The signature only changes
/// with the path (and body) and the second, so it is computed once per (path, body, second) and the client never
/// pays for it.
/// </summary>
public sealed class GoKmsSigner(byte[] sharedKey)
{
    private readonly ConcurrentDictionary<(string Path, string? ContentHash), Signature> _cache = new();

    /// <summary>The shared key: the file's bytes without one trailing newline (<c>\n</c> or <c>\r\n</c>).</summary>
    public static byte[] ReadSharedKey(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n') length--;
        if (length > 0 && bytes[length - 1] == '\r') length--;
        if (length == 0) throw new UsageException($"--auth-key-file: {path} is empty");
        return bytes[..length];
    }

    public Signature Sign(string path, string? contentHash = null)
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (_cache.TryGetValue((path, contentHash), out var cached) && cached.Second == second) return cached;
        var date = FormatDate(DateTimeOffset.FromUnixTimeSeconds(second));
        var signature = new Signature(second, date, Compute(sharedKey, "POST", date, path, contentHash));
        _cache[(path, contentHash)] = signature;
        return signature;
    }

    /// <summary>Go's RFC 1123 on a UTC time: <c>Sat, 28 Nov 2026 16:04:52 UTC</c>.</summary>
    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Compute(byte[] key, string method, string date, string path, string? contentHash = null) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            contentHash is null ? $"{method}\n{date}\n{path}" : $"{method}\n{date}\n{path}\n{contentHash}")));

    public sealed record Signature(long Second, string Date, string Value);
}
