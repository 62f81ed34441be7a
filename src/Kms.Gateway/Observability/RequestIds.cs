using Kms.Actors.Crypto;

namespace Kms.Gateway.Observability;

/// <summary>
/// Request ids: 128 random bits as 32 lowercase hex digits, the shape of a GUID's "N" format, from
/// <see cref="PublicRandom"/>, which saves the system call that <see cref="Guid.NewGuid"/> makes for every
/// request (docs/decisions/0002-public-random-buffer.md). Random rather than counted, so an id tells nothing
/// about how many requests the node has served.
/// </summary>
internal static class RequestIds
{
    private const int IdBytes = 16;

    public static string Next()
    {
        Span<byte> id = stackalloc byte[IdBytes];
        PublicRandom.Fill(id);
        return Convert.ToHexStringLower(id);
    }
}
