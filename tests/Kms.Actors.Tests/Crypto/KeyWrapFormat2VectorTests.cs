using System.Text.Json;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Tests.Crypto;

/// <summary>
/// Wrap format 2 against material wrapped outside Kms (<c>Vectors/key-wrap-v2.json</c>, written by
/// <c>scripts/make-key-wrap-vectors.py</c>): a change to its label, layout or the names of spec and usage would make
/// every key created since format 2 unreadable, and fails here.
/// </summary>
public class KeyWrapFormat2VectorTests
{
    private sealed record Vector(string KeyId, int Version, string Spec, string Usage, string Material, string AssociatedData, string Wrapped);

    private sealed record VectorSet(string About, string MasterKey, IReadOnlyList<Vector> WrappedKeys);

    private static readonly VectorSet Vectors = JsonSerializer.Deserialize<VectorSet>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "key-wrap-v2.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public static TheoryData<int> Indexes() => [.. Enumerable.Range(0, Vectors.WrappedKeys.Count)];

    /// <summary>The vectors name spec and usage as AWS does; the test's own table, not Kms's, turns them into the domain's values.</summary>
    private static KeyWrapBinding Binding(Vector vector) => new(vector.KeyId, vector.Version,
        vector.Spec switch
        {
            "SYMMETRIC_DEFAULT" => KeySpec.SymmetricDefault,
            "HMAC_256" => KeySpec.Hmac256,
            "HMAC_384" => KeySpec.Hmac384,
            "HMAC_512" => KeySpec.Hmac512,
            _ => throw new InvalidDataException(vector.Spec),
        },
        vector.Usage switch
        {
            "ENCRYPT_DECRYPT" => KeyUsage.EncryptDecrypt,
            "GENERATE_VERIFY_MAC" => KeyUsage.GenerateVerifyMac,
            _ => throw new InvalidDataException(vector.Usage),
        },
        Format: 2);

    [Theory]
    [MemberData(nameof(Indexes))]
    public void The_associated_data_is_the_committed_bytes(int index)
    {
        var vector = Vectors.WrappedKeys[index];

        Assert.Equal(vector.AssociatedData, Convert.ToHexStringLower(KeyWrap.AssociatedData(Binding(vector))));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Material_wrapped_outside_Kms_unwraps_through_the_software_provider(int index)
    {
        var vector = Vectors.WrappedKeys[index];
        using var provider = new SoftwareMasterKeyProvider(Convert.FromHexString(Vectors.MasterKey));

        Assert.Equal(vector.Material, Convert.ToHexStringLower(provider.Unwrap(Binding(vector), Convert.FromBase64String(vector.Wrapped))));
    }
}
