using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.MechanismParams;

namespace Kms.Hsm.Tests;

/// <summary>
/// The attributes of the key-encryption key, on a real SoftHSM2 token: what Kms creates, what it refuses to start
/// with, and how a key made by earlier versions is upgraded (issue 23, items 18 and 19).
/// </summary>
[Collection("hsm")]
public class KeyEncryptionKeyTests
{
    private static readonly KeyWrapBinding Binding = new("k", 1, KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt);

    private static string NewLabel() => "kek-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates an AES-256 key under <paramref name="label"/> directly in the token, with these attributes.</summary>
    private static void CreateKeyInToken(string label, params (CKA Attribute, bool Value)[] attributes)
    {
        HsmToken.InstallLibdlResolver();
        var factories = new Pkcs11InteropFactories();
        using var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, SoftHsm.Library, AppType.MultiThreaded);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == SoftHsm.TokenLabel);
        using var session = slot.OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_USER, SoftHsm.Pin);
        session.GenerateKey(factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN),
        [
            factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            factories.ObjectAttributeFactory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            factories.ObjectAttributeFactory.Create(CKA.CKA_VALUE_LEN, 32UL),
            factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
            factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true),
            factories.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE, true),
            .. attributes.Select(a => factories.ObjectAttributeFactory.Create(a.Attribute, a.Value)),
        ]);
    }

    private static readonly (CKA, bool)[] Safe =
        [(CKA.CKA_SENSITIVE, true), (CKA.CKA_EXTRACTABLE, false), (CKA.CKA_ENCRYPT, true), (CKA.CKA_DECRYPT, true), (CKA.CKA_WRAP, false), (CKA.CKA_UNWRAP, false)];

    private static (CKA, bool)[] SafeBut(params (CKA Attribute, bool Value)[] changes) =>
        [.. Safe.Where(s => changes.All(c => c.Attribute != s.Item1)), .. changes];

    [HsmFact]
    public void A_created_key_may_only_encrypt_and_decrypt_and_cannot_be_extracted_modified_or_copied()
    {
        var label = NewLabel();
        using (new HsmMasterKeyProvider(SoftHsm.Settings(label))) { }
        using var token = HsmToken.Open(SoftHsm.Settings(label, create: false));
        var attributes = token.KeyAttributes();
        Assert.True(attributes[CKA.CKA_TOKEN]);
        Assert.True(attributes[CKA.CKA_SENSITIVE]);
        Assert.False(attributes[CKA.CKA_EXTRACTABLE]);
        Assert.True(attributes[CKA.CKA_ENCRYPT]);
        Assert.True(attributes[CKA.CKA_DECRYPT]);
        Assert.False(attributes[CKA.CKA_WRAP]);
        Assert.False(attributes[CKA.CKA_UNWRAP]);
        Assert.False(attributes[CKA.CKA_MODIFIABLE]);
        Assert.False(attributes[CKA.CKA_COPYABLE]);
    }

    public static TheoryData<string, string> UnsafeKeys() => new()
    {
        { "extractable", "CKA_EXTRACTABLE is true (must be false)" },
        { "not-sensitive", "CKA_SENSITIVE is false (must be true)" },
        { "wraps-fixed", "CKA_WRAP is true (must be false)" },
        { "unwraps-fixed", "CKA_UNWRAP is true (must be false)" },
        { "cannot-decrypt", "CKA_DECRYPT is false (must be true)" },
    };

    [HsmTheory]
    [MemberData(nameof(UnsafeKeys))]
    public void A_key_found_by_label_with_unsafe_attributes_stops_start_up_naming_what_is_wrong(string kind, string named)
    {
        var label = NewLabel();
        var modifiable = (CKA.CKA_MODIFIABLE, false);
        CreateKeyInToken(label, kind switch
        {
            "extractable" => SafeBut((CKA.CKA_EXTRACTABLE, true), (CKA.CKA_SENSITIVE, false), modifiable),
            "not-sensitive" => SafeBut((CKA.CKA_SENSITIVE, false), modifiable),
            "wraps-fixed" => SafeBut((CKA.CKA_WRAP, true), modifiable),
            "unwraps-fixed" => SafeBut((CKA.CKA_UNWRAP, true), modifiable),
            _ => SafeBut((CKA.CKA_DECRYPT, false), modifiable),
        });

        var refused = Assert.Throws<HsmKeyAttributesException>(() => new HsmMasterKeyProvider(SoftHsm.Settings(label, create: false)));
        Assert.Contains(named, refused.Message);
        Assert.Contains("GOKMS_HSM_AES_KEYID", refused.Message);
        Assert.Contains(named, refused.WrongAttributes);
    }

    [HsmFact]
    public void A_modifiable_key_made_by_earlier_versions_has_wrap_and_unwrap_turned_off_and_keeps_its_material()
    {
        var label = NewLabel();
        // What earlier versions created: sensitive, not extractable, encrypt, decrypt, wrap and unwrap, modifiable.
        CreateKeyInToken(label, SafeBut((CKA.CKA_WRAP, true), (CKA.CKA_UNWRAP, true)));

        Actors.MasterKey.GeneratedKeyMaterial generated;
        using (var provider = new HsmMasterKeyProvider(SoftHsm.Settings(label, create: false)))
        {
            generated = provider.Generate(Binding, 32);
        }
        using var token = HsmToken.Open(SoftHsm.Settings(label, create: false));
        Assert.False(token.KeyAttributes()[CKA.CKA_WRAP]);
        Assert.False(token.KeyAttributes()[CKA.CKA_UNWRAP]);
        Assert.Equal(generated.Material, token.Decrypt(generated.Wrapped, Actors.Crypto.KeyWrap.AssociatedData(Binding)));
    }

    [HsmFact]
    public void The_IV_is_read_back_from_the_parameters_after_the_operation()
    {
        HsmToken.InstallLibdlResolver();
        var factories = new Pkcs11InteropFactories();
        byte[] iv = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        using var parameters = factories.MechanismParamsFactory.CreateCkGcmParams(iv, 96, [], 128);
        Assert.Equal(iv, HsmToken.IvUsed(parameters));
    }
}
