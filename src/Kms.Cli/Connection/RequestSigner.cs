using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Cli.Connection;

/// <summary>
/// The go-kms request signature: <c>x-kms-date</c> is RFC 1123 in UTC as Go writes it, and <c>Authorization</c> is
/// base64 of HMAC-SHA256(shared key, <c>"POST\n" + date + "\n" + path</c>).
/// </summary>
internal static class RequestSigner
{
    public const string DateHeader = "x-kms-date";

    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Sign(ReadOnlySpan<byte> sharedKey, string method, string date, string path)
    {
        var mac = HMACSHA256.HashData(sharedKey, Encoding.UTF8.GetBytes($"{method}\n{date}\n{path}"));
        return Convert.ToBase64String(mac);
    }
}
