using System.Security.Cryptography;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;

namespace Kms.Hsm.Tests;

/// <summary>Against a real SoftHSM2 token; one test at a time, since a PKCS#11 library is initialised once per process.</summary>
[Collection("hsm")]
public class HsmMasterKeyProviderTests
{
    private static string NewLabel() => "kek-" + Guid.NewGuid().ToString("N")[..12];

    private static KeyWrapBinding Binding(string keyId, int version) => new(keyId, version, KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt);

    [Fact]
    public void A_token_that_used_another_iv_for_the_journal_mac_key_is_refused()
    {
        HsmToken.CheckFixedIv(new byte[12]);
        Assert.Throws<HsmJournalMacKeyException>(() => HsmToken.CheckFixedIv([.. new byte[11], 1]));
        Assert.Throws<HsmJournalMacKeyException>(() => HsmToken.CheckFixedIv([]));
        Assert.Throws<HsmJournalMacKeyException>(() => HsmToken.CheckFixedIv(new byte[16]));
    }

    [Fact]
    public void A_token_whose_journal_mac_secret_differs_between_two_derivations_is_refused()
    {
        var stable = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(JournalMac.DeriveKey(stable), HsmMasterKeyProvider.DeriveConsistently(() => (byte[])stable.Clone()));
        var error = Assert.Throws<HsmJournalMacKeyException>(() => HsmMasterKeyProvider.DeriveConsistently(() => RandomNumberGenerator.GetBytes(32)));
        Assert.Contains("journal MAC key", error.Message);
    }

    [HsmFact]
    public void The_token_derives_the_journal_mac_secret_with_the_fixed_iv_and_the_same_result_each_time()
    {
        using var provider = new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel()));
        var label = "label"u8.ToArray();
        Assert.Equal(provider.Token!.EncryptWithFixedNonce(label, label), provider.Token.EncryptWithFixedNonce(label, label));
        Assert.Equal(provider.DeriveJournalMacKey(), provider.DeriveJournalMacKey());
    }

    [HsmFact]
    public void The_journal_mac_key_is_the_same_for_every_open_of_the_token_key_and_another_for_another_key()
    {
        var label = NewLabel();
        byte[] first;
        using (var provider = new HsmMasterKeyProvider(SoftHsm.Settings(label))) first = provider.DeriveJournalMacKey();
        using (var again = new HsmMasterKeyProvider(SoftHsm.Settings(label, create: false))) Assert.Equal(first, again.DeriveJournalMacKey());
        using var other = new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel()));
        Assert.NotEqual(first, other.DeriveJournalMacKey());
        Assert.Equal(32, first.Length);
    }

    [HsmFact]
    public void Material_is_generated_wrapped_and_unwrapped_by_the_token()
    {
        using var provider = new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel()));
        var generated = provider.Generate(Binding("key-1", 1), 32);
        Assert.Equal(32, generated.Material.Length);
        Assert.Equal(12 + 32 + 16, generated.Wrapped.Length);
        Assert.NotEqual(generated.Material, generated.Wrapped[12..44]);
        Assert.Equal(generated.Material, provider.Unwrap(Binding("key-1", 1), generated.Wrapped));
    }

    [HsmFact]
    public void Wrapped_material_does_not_unwrap_for_another_key_version_or_after_tampering()
    {
        using var provider = new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel()));
        var wrapped = provider.Generate(Binding("key-1", 1), 32).Wrapped;
        Assert.Throws<CryptographicException>(() => provider.Unwrap(Binding("key-2", 1), wrapped));
        Assert.Throws<CryptographicException>(() => provider.Unwrap(Binding("key-1", 2), wrapped));
        wrapped[20] ^= 1;
        Assert.Throws<CryptographicException>(() => provider.Unwrap(Binding("key-1", 1), wrapped));
    }

    [HsmFact]
    public void The_same_label_finds_the_same_key_so_material_survives_a_reopen()
    {
        var label = NewLabel();
        Actors.MasterKey.GeneratedKeyMaterial generated;
        using (var first = new HsmMasterKeyProvider(SoftHsm.Settings(label)))
        {
            generated = first.Generate(Binding("k", 1), 48);
        }
        using var second = new HsmMasterKeyProvider(SoftHsm.Settings(label, create: false));
        Assert.Equal(generated.Material, second.Unwrap(Binding("k", 1), generated.Wrapped));
    }

    [HsmFact]
    public void A_wrong_PIN_a_missing_label_and_a_missing_library_are_clear_errors()
    {
        var pin = Assert.Throws<HsmException>(() => new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel(), pin: "9999")));
        Assert.Contains("GOKMS_HSM_SLOT_PIN", pin.Message);
        Assert.DoesNotContain("9999", pin.Message);
        var label = Assert.Throws<HsmException>(() => new HsmMasterKeyProvider(SoftHsm.Settings("no-such-key", create: false)));
        Assert.Contains("GOKMS_HSM_AES_KEYID", label.Message);
        var library = Assert.Throws<HsmException>(() => new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel()) with { LibraryPath = "/nonexistent/libpkcs11.so" }));
        Assert.Contains("GOKMS_HSM_LIB", library.Message);
        var token = Assert.Throws<HsmException>(() => new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel()) with { TokenLabel = "no-such-token" }));
        Assert.Contains("TokenLabel", token.Message);
    }

    [HsmFact]
    public void A_lost_session_fails_calls_until_the_token_is_reopened_and_nothing_is_lost()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var provider = new HsmMasterKeyProvider(SoftHsm.Settings(NewLabel()), clock);
        var generated = provider.Generate(Binding("k", 1), 32);

        provider.CloseSessionUnderneath();
        Assert.Throws<HsmException>(() => provider.Unwrap(Binding("k", 1), generated.Wrapped));
        Assert.Throws<HsmException>(() => provider.Unwrap(Binding("k", 1), generated.Wrapped));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(generated.Material, provider.Unwrap(Binding("k", 1), generated.Wrapped));
    }
}
