using System.Security.Cryptography;
using Kms.Actors.Crypto;
using Kms.Actors.MasterKey;
using Net.Pkcs11Interop.Common;

namespace Kms.Hsm;

/// <summary>
/// The master-key provider of HSM mode: fresh key material comes from the token's generator and is
/// wrapped (AES-GCM) by a key that never leaves the token. When the token or session fails, calls throw
/// <see cref="HsmException"/> (the key actors answer KeyUnavailable) and the token is re-opened with
/// back-off on later calls. There is no fallback to software keys.
/// </summary>
public sealed class HsmMasterKeyProvider : IMasterKeyProvider
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly HsmSettings _settings;
    private readonly TimeProvider _clock;
    private HsmToken? _token;
    private TimeSpan _retryAfter = FirstRetry;
    private DateTimeOffset _nextAttempt;

    /// <summary>Opens the token now, so a wrong PIN, label or library stops start-up.</summary>
    public HsmMasterKeyProvider(HsmSettings settings, TimeProvider? clock = null)
    {
        _settings = settings;
        _clock = clock ?? TimeProvider.System;
        _token = HsmToken.Open(settings);
    }

    public const string ProviderName = "hsm";

    public string Name => ProviderName;

    internal HsmToken? Token => _token;

    public bool IsAvailable => _token is not null;

    public GeneratedKeyMaterial Generate(KeyWrapBinding binding, int bytes) => Use(token =>
    {
        var material = token.GenerateRandom(bytes);
        return new GeneratedKeyMaterial(material, token.Encrypt(material, KeyWrap.AssociatedData(binding)));
    });

    public byte[] Wrap(KeyWrapBinding binding, byte[] material) =>
        Use(token => token.Encrypt(material, KeyWrap.AssociatedData(binding)));

    public byte[] Unwrap(KeyWrapBinding binding, byte[] wrapped) => Use(token =>
    {
        try
        {
            return token.Decrypt(wrapped, KeyWrap.AssociatedData(binding));
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_GENERAL_ERROR or CKR.CKR_ENCRYPTED_DATA_INVALID or CKR.CKR_ENCRYPTED_DATA_LEN_RANGE)
        {
            throw new CryptographicException("The wrapped key material does not unwrap under the HSM key.", e);
        }
    });

    /// <summary>
    /// HKDF over the token's AES-GCM encryption of a fixed label under the key-encryption key, with a fixed
    /// nonce that no wrap uses (wraps take random nonces): only the token can compute it, and it is the same
    /// each time, so every node with the same HSM key derives the same journal MAC key.
    /// </summary>
    public byte[] DeriveJournalMacKey() => Use(token => DeriveConsistently(() => token.EncryptWithFixedNonce(JournalMacLabel, JournalMacLabel)));

    /// <summary>
    /// The key from the token's secret, derived twice and compared (it is called once, at start-up): a token whose
    /// output is not deterministic would seal rows that no later start could verify, so it stops start-up instead.
    /// </summary>
    internal static byte[] DeriveConsistently(Func<byte[]> secret)
    {
        var (first, second) = (secret(), secret());
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(first, second))
                throw new HsmJournalMacKeyException("The HSM gave two different results when deriving the journal MAC key; the node does not start.");
            return JournalMac.DeriveKey(first);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(first);
            CryptographicOperations.ZeroMemory(second);
        }
    }

    private static readonly byte[] JournalMacLabel = System.Text.Encoding.ASCII.GetBytes("kms/journal-mac-key/hsm/v1");

    private T Use<T>(Func<HsmToken, T> operation)
    {
        var token = _token ?? Reopen();
        try
        {
            var result = operation(token);
            _retryAfter = FirstRetry;
            return result;
        }
        catch (Pkcs11Exception e)
        {
            Lose(token);
            throw new HsmException($"The HSM failed ({e.RV}); it will be re-opened.", e);
        }
    }

    private HsmToken Reopen()
    {
        var now = _clock.GetUtcNow();
        if (now < _nextAttempt) throw new HsmException("The HSM is unavailable; waiting before re-opening it.");
        try
        {
            return _token = HsmToken.Open(_settings);
        }
        catch (Exception e)
        {
            _nextAttempt = now + _retryAfter;
            _retryAfter = TimeSpan.FromTicks(Math.Min(_retryAfter.Ticks * 2, LongestRetry.Ticks));
            throw e as HsmException ?? new HsmException("The HSM could not be re-opened.", e);
        }
    }

    private void Lose(HsmToken token)
    {
        _token = null;
        _nextAttempt = _clock.GetUtcNow() + _retryAfter;
        try
        {
            token.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // The token is failing; there is nothing more to close.
        }
    }

    /// <summary>Simulates a failing token by closing the session underneath (for tests).</summary>
    internal void CloseSessionUnderneath() => _token?.CloseSessionUnderneath();

    public void Dispose() => _token?.Dispose();
}
