using System.Security.Cryptography;
using Kms.Actors.Crypto;

namespace Kms.Actors.Tests.Crypto;

/// <summary>Each derivation costs about 0.3 s at the minimum iteration count, so the reference key is derived once.</summary>
public sealed class MasterKeyDerivationTests
{
    private const string Passphrase = "correct horse battery staple";
    private static readonly byte[] Salt = RandomNumberGenerator.GetBytes(MasterKeyDerivation.SaltSize);
    private static readonly Lazy<byte[]> ReferenceKey = new(() => MasterKeyDerivation.Derive(Passphrase, Salt, MasterKeyDerivation.MinimumIterations));

    [Fact]
    public void Derive_gives_the_same_256_bit_key_for_the_same_passphrase_and_salt()
    {
        var again = MasterKeyDerivation.Derive(Passphrase, Salt, MasterKeyDerivation.MinimumIterations);

        Assert.Equal(32, again.Length);
        Assert.Equal(ReferenceKey.Value, again);
    }

    [Fact]
    public void Derive_gives_another_key_for_another_salt()
    {
        var otherSalt = (byte[])Salt.Clone();
        otherSalt[0] ^= 0x01;

        Assert.NotEqual(ReferenceKey.Value, MasterKeyDerivation.Derive(Passphrase, otherSalt, MasterKeyDerivation.MinimumIterations));
    }

    [Fact]
    public void Derive_gives_another_key_for_another_passphrase()
    {
        Assert.NotEqual(ReferenceKey.Value, MasterKeyDerivation.Derive(Passphrase + " ", Salt, MasterKeyDerivation.MinimumIterations));
    }

    [Fact]
    public void Derive_is_PBKDF2_HMAC_SHA256_over_the_UTF8_passphrase()
    {
        // Computed independently with Python: hashlib.pbkdf2_hmac("sha256", "pässphrase ✓".encode(), bytes(range(32)), 600000, 32).
        var salt = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var key = MasterKeyDerivation.Derive("pässphrase ✓", salt, 600_000);

        Assert.Equal("59408a657722c97216b52d6088e836f752da35fbc0c516a6e2f3fc58e5ea32a6", Convert.ToHexStringLower(key));
        Assert.Equal("16ad3331dae2cac1b57a1a95edf27cc746aeae75dd203fa8b025efe2a3fba6a1", Convert.ToHexStringLower(MasterKeyDerivation.CheckValue(key)));
    }

    [Theory]
    [InlineData(MasterKeyDerivation.MinimumIterations - 1)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Derive_refuses_fewer_than_600000_iterations(int iterations)
    {
        Assert.Equal(600_000, MasterKeyDerivation.MinimumIterations);
        Assert.Throws<ArgumentOutOfRangeException>(() => MasterKeyDerivation.Derive(Passphrase, Salt, iterations));
    }

    [Fact]
    public void Matches_is_true_for_the_key_the_check_value_was_made_from()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.True(MasterKeyDerivation.Matches(key, MasterKeyDerivation.CheckValue(key)));
    }

    [Fact]
    public void Matches_is_false_for_another_key()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var other = (byte[])key.Clone();
        other[^1] ^= 0x01;

        Assert.False(MasterKeyDerivation.Matches(other, MasterKeyDerivation.CheckValue(key)));
    }

    [Fact]
    public void Matches_is_false_for_a_truncated_or_empty_check_value()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var check = MasterKeyDerivation.CheckValue(key);

        Assert.False(MasterKeyDerivation.Matches(key, check.AsSpan(0, 16)));
        Assert.False(MasterKeyDerivation.Matches(key, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void The_check_value_is_not_the_key()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.NotEqual(key, MasterKeyDerivation.CheckValue(key));
    }
}
