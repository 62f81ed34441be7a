using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Auth;

/// <summary>
/// The body hash a go-kms request signed (<c>x-kms-content-sha256</c>), kept as a request feature until the body is
/// read: the signature was checked from the headers alone, so the body it vouches for is checked where it is bound,
/// before the operation runs. A request whose body differs from the signed hash is refused.
/// </summary>
public sealed class SignedContentHash
{
    private readonly byte[] _sha256;

    private SignedContentHash(byte[] sha256) => _sha256 = sha256;

    /// <summary>64 lower-case hex digits, as the signature covers the header's exact text.</summary>
    public static bool IsWellFormed(string value) =>
        value.Length == 2 * SHA256.HashSizeInBytes && !value.AsSpan().ContainsAnyExcept("0123456789abcdef");

    public static void Attach(HttpContext http, string hex) => http.Features.Set(new SignedContentHash(Convert.FromHexString(hex)));

    public static SignedContentHash? Of(HttpContext http) => http.Features.Get<SignedContentHash>();

    /// <summary>Whether <paramref name="body"/>, the exact bytes read, hashes to the signed value (compared in constant time).</summary>
    public bool Matches(ReadOnlySpan<byte> body)
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, _sha256);
    }
}
