using System.Security.Cryptography;
using System.Text;

namespace Kms.Actors.Crypto;

/// <summary>PBKDF2-HMAC-SHA256 from a passphrase, and a check value that tells a wrong passphrase without revealing the key.</summary>
public static class MasterKeyDerivation
{
    public const int MinimumIterations = 600_000;
    public const int SaltSize = 32;
    private static readonly byte[] CheckLabel = Encoding.ASCII.GetBytes("kms/master-key-check/v1");

    public static byte[] Derive(string passphrase, ReadOnlySpan<byte> salt, int iterations)
    {
        if (iterations < MinimumIterations) throw new ArgumentOutOfRangeException(nameof(iterations), $"At least {MinimumIterations} iterations are required.");
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, iterations, HashAlgorithmName.SHA256, 32);
    }

    public static byte[] CheckValue(ReadOnlySpan<byte> masterKey) => HMACSHA256.HashData(masterKey, CheckLabel);

    public static bool Matches(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> expectedCheck) =>
        CryptographicOperations.FixedTimeEquals(CheckValue(masterKey), expectedCheck);
}
