using System.Security.Cryptography;

namespace Kms.Actors.Crypto;

/// <summary>HMAC for GENERATE_VERIFY_MAC keys; verification compares in constant time.</summary>
public static class MessageAuthentication
{
    public static byte[] Compute(MacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> message) => algorithm switch
    {
        MacAlgorithm.HmacSha256 => HMACSHA256.HashData(key, message),
        MacAlgorithm.HmacSha384 => HMACSHA384.HashData(key, message),
        MacAlgorithm.HmacSha512 => HMACSHA512.HashData(key, message),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static bool Verify(MacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> mac)
    {
        var expected = Compute(algorithm, key, message);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }
}
