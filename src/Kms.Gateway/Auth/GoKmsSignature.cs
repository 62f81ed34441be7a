using System.Security.Cryptography;
using System.Text;

namespace Kms.Gateway.Auth;

/// <summary>
/// The go-kms request signature: base64 of HMAC-SHA256, keyed with the shared key, over
/// <c>METHOD \n x-kms-date \n path</c>.
/// </summary>
public static class GoKmsSignature
{
    public static byte[] Compute(ReadOnlySpan<byte> sharedKey, string method, string date, string path) =>
        HMACSHA256.HashData(sharedKey, Encoding.UTF8.GetBytes($"{method}\n{date}\n{path}"));

    public static string ComputeBase64(ReadOnlySpan<byte> sharedKey, string method, string date, string path) =>
        Convert.ToBase64String(Compute(sharedKey, method, date, path));

    /// <summary>Checks a presented signature in constant time; malformed base64 is simply a mismatch.</summary>
    public static bool Verify(ReadOnlySpan<byte> sharedKey, string method, string date, string path, string presented)
    {
        var expected = Compute(sharedKey, method, date, path);
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(presented.Trim(), given, out var written)) written = 0;
        var match = CryptographicOperations.FixedTimeEquals(expected, given[..expected.Length]) && written == expected.Length;
        CryptographicOperations.ZeroMemory(expected);
        return match;
    }
}
