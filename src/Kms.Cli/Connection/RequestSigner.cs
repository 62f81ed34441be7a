using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Cli.Connection;

/// <summary>
/// The go-kms request signature: <c>x-kms-date</c> is RFC 1123 in UTC as Go writes it, and <c>Authorization</c> is
/// base64 of HMAC-SHA256(shared key, <c>"POST\n" + date + "\n" + path + "\n" + content-sha256</c>), where
/// <c>x-kms-content-sha256</c> is the lower-case hex SHA-256 of the body: the body is signed too, so a captured
/// signature cannot carry another body.
/// </summary>
internal static class RequestSigner
{
    public const string DateHeader = "x-kms-date";
    public const string ContentHashHeader = "x-kms-content-sha256";

    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Sign(ReadOnlySpan<byte> sharedKey, string method, string date, string path, string contentHash)
    {
        var mac = HMACSHA256.HashData(sharedKey, Encoding.UTF8.GetBytes($"{method}\n{date}\n{path}\n{contentHash}"));
        return Convert.ToBase64String(mac);
    }
}
