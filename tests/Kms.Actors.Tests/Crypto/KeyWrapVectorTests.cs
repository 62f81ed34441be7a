using Kms.Actors.Crypto;
using Kms.Actors.MasterKey;
using Kms.Actors.Tests.Vectors;

namespace Kms.Actors.Tests.Crypto;

/// <summary>Key material wrapped by an earlier Kms (Vectors/crypto-vectors.json) must unwrap under its master key.</summary>
public sealed class KeyWrapVectorTests
{
    private static readonly CryptoVectors.Set Vectors = CryptoVectors.Load();

    public static TheoryData<string, int> Versions
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var key in Vectors.WrappedKeys) data.Add(key.KeyId, key.Version);
            return data;
        }
    }

    private static CryptoVectors.WrappedKey Vector(string keyId, int version) => Vectors.WrappedKeys.Single(k => k.KeyId == keyId && k.Version == version);

    [Theory]
    [MemberData(nameof(Versions))]
    public void The_associated_data_is_the_committed_bytes(string keyId, int version)
    {
        Assert.Equal(Vector(keyId, version).AssociatedData, Convert.ToHexStringLower(KeyWrap.AssociatedData(CryptoVectors.Format1(keyId, version))));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Committed_wrapped_material_unwraps_under_the_committed_master_key(string keyId, int version)
    {
        var vector = Vector(keyId, version);

        var material = KeyWrap.Unwrap(Convert.FromHexString(Vectors.MasterKey), vector.Binding, Convert.FromBase64String(vector.Wrapped));

        Assert.Equal(vector.Material, Convert.ToHexStringLower(material));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void The_software_provider_unwraps_committed_material(string keyId, int version)
    {
        var vector = Vector(keyId, version);
        using var provider = new SoftwareMasterKeyProvider(Convert.FromHexString(Vectors.MasterKey));

        Assert.Equal(vector.Material, Convert.ToHexStringLower(provider.Unwrap(vector.Binding, Convert.FromBase64String(vector.Wrapped))));
    }
}
