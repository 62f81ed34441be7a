using System.Security.Cryptography;

namespace Kms.Gateway.Observability;

/// <summary>
/// Request ids: 128 random bits as 32 lowercase hex digits, the shape of a GUID's "N" format. Random rather
/// than counted, so an id tells nothing about how many requests the node has served.
/// </summary>
internal static class RequestIds
{
    private const int IdBytes = 16;

    public static string Next()
    {
        Span<byte> id = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(id);
        return Convert.ToHexStringLower(id);
    }
}
