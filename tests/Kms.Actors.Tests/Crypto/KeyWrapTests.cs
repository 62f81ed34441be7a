using System.Security.Cryptography;
using System.Text;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;

namespace Kms.Actors.Tests.Crypto;

public sealed class KeyWrapTests
{
    private const string KeyId = "4f6d9c1e-0b7a-4d2e-9f3c-2a1b8e7d6c5f";
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Material = RandomNumberGenerator.GetBytes(32);

    private static KeyWrapBinding Binding(string keyId, int version) => new(keyId, version, KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt);

    [Fact]
    public void Format_2_binds_the_key_spec_and_usage()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId, 1) with { Spec = KeySpec.Hmac256 }, wrapped));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId, 1) with { Usage = KeyUsage.GenerateVerifyMac }, wrapped));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId, 1) with { Format = 1 }, wrapped));
    }

    [Fact]
    public void Format_1_is_the_associated_data_of_wraps_made_before_format_2_and_they_still_unwrap()
    {
        var old = Binding(KeyId, 3) with { Format = 1 };
        Assert.Equal([.. Encoding.UTF8.GetBytes("kms/key-wrap/v1\0" + KeyId + "\0"), 0, 0, 0, 3], KeyWrap.AssociatedData(old));

        // Sealed by hand as the earlier code did, with that associated data.
        var nonce = RandomNumberGenerator.GetBytes(12);
        var (ciphertext, tag) = (new byte[Material.Length], new byte[16]);
        using (var aes = new AesGcm(MasterKey, 16)) aes.Encrypt(nonce, Material, ciphertext, tag, KeyWrap.AssociatedData(old));
        Assert.Equal(Material, KeyWrap.Unwrap(MasterKey, old, [.. nonce, .. ciphertext, .. tag]));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, old with { Format = 2 }, [.. nonce, .. ciphertext, .. tag]));
    }

    [Fact]
    public void Unwrap_returns_the_material_that_was_wrapped()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material);

        Assert.Equal(Material, KeyWrap.Unwrap(MasterKey, Binding(KeyId, 1), wrapped));
    }

    [Fact]
    public void Wrapped_material_is_nonce_ciphertext_and_tag_and_hides_the_material()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material);

        Assert.Equal(12 + Material.Length + 16, wrapped.Length);
        Assert.Equal(-1, wrapped.AsSpan().IndexOf(Material.AsSpan(0, 8)));
    }

    [Fact]
    public void Two_wraps_of_the_same_material_differ()
    {
        Assert.NotEqual(KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material), KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material));
    }

    [Fact]
    public void Unwrap_as_another_key_id_is_refused()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, Binding("another-key", 1), wrapped));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId.ToUpperInvariant(), 1), wrapped));
    }

    [Fact]
    public void Unwrap_as_another_version_is_refused()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 2), Material);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId, 1), wrapped));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId, 3), wrapped));
    }

    [Fact]
    public void Unwrap_under_another_master_key_is_refused()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.Unwrap(RandomNumberGenerator.GetBytes(32), Binding(KeyId, 1), wrapped));
    }

    [Fact]
    public void Every_single_byte_flip_in_wrapped_material_is_refused()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material);

        for (var position = 0; position < wrapped.Length; position++)
        {
            var tampered = (byte[])wrapped.Clone();
            tampered[position] ^= 0x01;
            var exception = Record.Exception(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId, 1), tampered));
            Assert.True(exception is CryptographicException, $"byte {position}: got {exception?.GetType().Name ?? "material"}");
        }
    }

    [Fact]
    public void Every_truncation_of_wrapped_material_is_refused()
    {
        var wrapped = KeyWrap.Wrap(MasterKey, Binding(KeyId, 1), Material);

        for (var length = 0; length < wrapped.Length; length++)
        {
            var truncated = wrapped[..length];
            var exception = Record.Exception(() => KeyWrap.Unwrap(MasterKey, Binding(KeyId, 1), truncated));
            Assert.True(exception is CryptographicException, $"length {length}: got {exception?.GetType().Name ?? "material"}");
        }
    }
}
