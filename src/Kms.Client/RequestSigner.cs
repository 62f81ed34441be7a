using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Client;

/// <summary>
/// The go-kms request signature: <c>x-kms-date</c> is RFC 1123 in UTC as Go writes it, and <c>Authorization</c> is
/// base64 of HMAC-SHA256(shared key, <c>METHOD + "\n" + date + "\n" + path</c>), followed by <c>"\n" + content-sha256</c>
/// when <c>x-kms-content-sha256</c> (the lower-case hex SHA-256 of the body) is sent: then the body is signed too, so a
/// captured signature cannot carry another body. docs/go-kms-compatibility.md describes both forms.
/// </summary>
public static class RequestSigner
{
    public const string DateHeader = "x-kms-date";
    public const string ContentHashHeader = "x-kms-content-sha256";
    public const string AuthorizationHeader = "Authorization";

    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The <c>Authorization</c> value; a null <paramref name="contentHash"/> gives go-kms's legacy signature, which leaves the body out.</summary>
    public static string Sign(ReadOnlySpan<byte> sharedKey, string method, string date, string path, string? contentHash = null)
    {
        var text = contentHash is null ? $"{method}\n{date}\n{path}" : $"{method}\n{date}\n{path}\n{contentHash}";
        return Convert.ToBase64String(HMACSHA256.HashData(sharedKey, Encoding.UTF8.GetBytes(text)));
    }
}
