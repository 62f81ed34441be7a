using System.Security.Cryptography;

namespace Kms.Gateway.Observability;

/// <summary>
/// Request ids: 128 random bits as 32 lowercase hex digits, the shape of a GUID's "N" format. Ids are not
/// secrets, so each thread draws its random bytes 4 KB at a time; <see cref="Guid.NewGuid"/> made a
/// system call for every request (docs/benchmarks.md, round six). Random rather than counted, so an id
/// tells nothing about how many requests the node has served.
/// </summary>
internal static class RequestIds
{
    private const int IdBytes = 16, BufferBytes = 4096;

    [ThreadStatic] private static byte[]? t_random;
    [ThreadStatic] private static int t_used;

    public static string Next()
    {
        var random = t_random;
        if (random is null || t_used == BufferBytes)
        {
            random = t_random ??= new byte[BufferBytes];
            RandomNumberGenerator.Fill(random);
            t_used = 0;
        }
        var id = Convert.ToHexStringLower(random, t_used, IdBytes);
        t_used += IdBytes;
        return id;
    }
}
