using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Kms.Actors.MasterKey;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.MechanismParams;

namespace Kms.Hsm;

/// <summary>
/// The one place Kms calls PKCS#11: it opens the library, picks the slot, logs in, finds (or creates)
/// the AES-256 key-encryption key, checks its attributes, and encrypts and decrypts key material with
/// CKM_AES_GCM under it. The key never leaves the token. Not thread-safe: its owner calls it from one thread.
/// </summary>
public sealed class HsmToken : IDisposable
{
    private static int _resolverInstalled;
    private readonly Pkcs11InteropFactories _factories = new();
    private readonly IPkcs11Library _library;
    private readonly ISession _session;
    private readonly IObjectHandle _key;

    private HsmToken(IPkcs11Library library, ISession session, IObjectHandle key)
    {
        _library = library;
        _session = session;
        _key = key;
    }

    /// <summary>Opens the token; throws <see cref="HsmException"/> saying which setting is wrong.</summary>
    public static HsmToken Open(HsmSettings settings)
    {
        InstallLibdlResolver();
        var factories = new Pkcs11InteropFactories();
        if (!File.Exists(settings.LibraryPath)) throw new HsmException($"GOKMS_HSM_LIB: no PKCS#11 library at {settings.LibraryPath}.");
        IPkcs11Library library;
        try
        {
            library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, settings.LibraryPath, AppType.MultiThreaded);
        }
        catch (Exception e) when (e is not HsmException)
        {
            throw new HsmException($"GOKMS_HSM_LIB: {settings.LibraryPath} could not be loaded as a PKCS#11 library ({e.GetType().Name}: {e.Message}).", e);
        }

        ISession? session = null;
        try
        {
            var slot = SelectSlot(library, settings);
            session = slot.OpenSession(SessionType.ReadWrite);
            if (!string.IsNullOrEmpty(settings.Pin))
            {
                try
                {
                    session.Login(CKU.CKU_USER, settings.Pin);
                }
                catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE)
                {
                    throw new HsmException($"GOKMS_HSM_SLOT_PIN: the token refused the PIN ({e.RV}).", e);
                }
                catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
                {
                    // Another session of this process already logged in; the login applies to all.
                }
            }
            var key = FindKey(factories, session, settings.KeyLabel)
                      ?? (settings.CreateKeyIfMissing
                          ? CreateKey(factories, session, settings.KeyLabel)
                          : throw new HsmException($"GOKMS_HSM_AES_KEYID: the token has no AES key labelled '{settings.KeyLabel}'. Create it, or set Kms__Hsm__CreateKeyIfMissing=true."));
            CheckKey(factories, session, key, settings.KeyLabel);
            return new HsmToken(library, session, key);
        }
        catch
        {
            session?.Dispose();
            library.Dispose();
            throw;
        }
    }

    public byte[] GenerateRandom(int bytes) => _session.GenerateRandom(bytes);

    /// <summary>
    /// nonce (12) || AES-256-GCM(KEK, nonce, plaintext, AAD) || tag (16), computed inside the token. The IV the token
    /// used is read back from the mechanism's parameters: a token that chooses its own IV writes it there, and a blob
    /// stored with another nonce than the one used could never be decrypted (<see cref="WrapCheckFailedException"/>).
    /// </summary>
    public byte[] Encrypt(byte[] plaintext, byte[] associatedData)
    {
        var nonce = _session.GenerateRandom(NonceBytes);
        using var parameters = _factories.MechanismParamsFactory.CreateCkGcmParams(nonce, NonceBytes * 8, associatedData, TagBits);
        using var mechanism = _factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
        var sealedBytes = _session.Encrypt(mechanism, _key, plaintext);
        if (!IvUsed(parameters).AsSpan().SequenceEqual(nonce))
            throw new WrapCheckFailedException("The HSM encrypted with another IV than the one Kms gave it; nothing was stored.");
        return [.. nonce, .. sealedBytes];
    }

    /// <summary>The IV as the parameters hold it after the operation (Pkcs11Interop exposes it only through the low-level structure).</summary>
    internal static byte[] IvUsed(ICkGcmParams parameters)
    {
        var (pointer, length) = parameters.ToMarshalableStructure() switch
        {
            Net.Pkcs11Interop.LowLevelAPI80.MechanismParams.CK_GCM_PARAMS p => (p.Iv, (long)(ulong)p.IvLen),
            Net.Pkcs11Interop.LowLevelAPI81.MechanismParams.CK_GCM_PARAMS p => (p.Iv, (long)(ulong)p.IvLen),
            Net.Pkcs11Interop.LowLevelAPI40.MechanismParams.CK_GCM_PARAMS p => (p.Iv, (long)(uint)p.IvLen),
            Net.Pkcs11Interop.LowLevelAPI41.MechanismParams.CK_GCM_PARAMS p => (p.Iv, (long)(uint)p.IvLen),
            var other => throw new HsmException($"Unexpected GCM parameter structure {other.GetType().Name}."),
        };
        if (pointer == IntPtr.Zero || length is <= 0 or > 64) return [];
        var iv = new byte[length];
        Marshal.Copy(pointer, iv, 0, iv.Length);
        return iv;
    }

    /// <summary>
    /// AES-256-GCM(KEK, all-zero nonce, plaintext, AAD) || tag: deterministic, for deriving a secret; never for wrapping.
    /// As in <see cref="Encrypt"/>, the IV the token used is read back: a token that chose its own would give a secret
    /// that changes from one start to the next (<see cref="HsmJournalMacKeyException"/>).
    /// </summary>
    public byte[] EncryptWithFixedNonce(byte[] plaintext, byte[] associatedData)
    {
        var nonce = new byte[NonceBytes];
        using var parameters = _factories.MechanismParamsFactory.CreateCkGcmParams(nonce, NonceBytes * 8, associatedData, TagBits);
        using var mechanism = _factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
        var sealedBytes = _session.Encrypt(mechanism, _key, plaintext);
        CheckFixedIv(IvUsed(parameters));
        return sealedBytes;
    }

    /// <summary>Throws unless the token used the all-zero IV it was given.</summary>
    internal static void CheckFixedIv(byte[] ivUsed)
    {
        if (ivUsed.Length != NonceBytes || ivUsed.Any(b => b != 0))
            throw new HsmJournalMacKeyException("The HSM encrypted the journal MAC key label with another IV than the fixed one Kms gave it, " +
                                                "so the journal MAC key would differ from one start to the next; the node does not start.");
    }

    /// <summary>Decrypts what <see cref="Encrypt"/> made; a failed tag check surfaces as a <see cref="Pkcs11Exception"/> (SoftHSM: CKR_GENERAL_ERROR).</summary>
    public byte[] Decrypt(byte[] wrapped, byte[] associatedData)
    {
        if (wrapped.Length < NonceBytes + (int)TagBits / 8) throw new System.Security.Cryptography.CryptographicException("Wrapped key material is truncated.");
        using var mechanism = GcmMechanism(wrapped[..NonceBytes], associatedData);
        return _session.Decrypt(mechanism, _key, wrapped[NonceBytes..]);
    }

    /// <summary>The key-encryption key's boolean attributes, as the token reports them.</summary>
    public IReadOnlyDictionary<CKA, bool> KeyAttributes() => ReadAttributes(_session, _key, [.. Required.Keys, CKA.CKA_TOKEN, CKA.CKA_MODIFIABLE, CKA.CKA_COPYABLE]);

    /// <summary>Closes the session underneath its owner, as a failing token would (for failure tests).</summary>
    internal void CloseSessionUnderneath() => _session.CloseSession();

    public void Dispose()
    {
        try
        {
            _session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // The session may already be gone with the token.
        }
        _library.Dispose();
    }

    private IMechanism GcmMechanism(byte[] nonce, byte[] associatedData) =>
        _factories.MechanismFactory.Create(CKM.CKM_AES_GCM,
            _factories.MechanismParamsFactory.CreateCkGcmParams(nonce, (ulong)nonce.Length * 8, associatedData, TagBits));

    private const int NonceBytes = 12;
    private const ulong TagBits = 128;

    /// <summary>
    /// What the key-encryption key must be: sensitive and never extractable, and usable only to encrypt and decrypt.
    /// CKA_WRAP and CKA_UNWRAP are never used by Kms, and would let anyone with the PIN wrap a key under it and
    /// decrypt the result (issue 23).
    /// </summary>
    private static readonly IReadOnlyDictionary<CKA, bool> Required = new Dictionary<CKA, bool>
    {
        [CKA.CKA_SENSITIVE] = true,
        [CKA.CKA_EXTRACTABLE] = false,
        [CKA.CKA_ENCRYPT] = true,
        [CKA.CKA_DECRYPT] = true,
        [CKA.CKA_WRAP] = false,
        [CKA.CKA_UNWRAP] = false,
    };

    /// <summary>
    /// Refuses a key-encryption key whose attributes are wrong, naming each. A key made by earlier versions of Kms
    /// may wrap and unwrap; when it is still modifiable, those two are turned off here (they only take rights away).
    /// </summary>
    private static void CheckKey(Pkcs11InteropFactories factories, ISession session, IObjectHandle key, string label)
    {
        var attributes = ReadAttributes(session, key, [.. Required.Keys, CKA.CKA_MODIFIABLE]);
        if ((attributes[CKA.CKA_WRAP] || attributes[CKA.CKA_UNWRAP]) && attributes[CKA.CKA_MODIFIABLE])
        {
            session.SetAttributeValue(key,
            [
                factories.ObjectAttributeFactory.Create(CKA.CKA_WRAP, false),
                factories.ObjectAttributeFactory.Create(CKA.CKA_UNWRAP, false),
            ]);
            attributes = ReadAttributes(session, key, [.. Required.Keys, CKA.CKA_MODIFIABLE]);
        }
        var wrong = Required.Where(r => attributes[r.Key] != r.Value).Select(r => $"{r.Key} is {Bool(attributes[r.Key])} (must be {Bool(r.Value)})").ToList();
        if (wrong.Count > 0) throw new HsmKeyAttributesException(label, wrong);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static Dictionary<CKA, bool> ReadAttributes(ISession session, IObjectHandle key, List<CKA> names)
    {
        var values = session.GetAttributeValue(key, names);
        // An attribute the token does not know (CKA_COPYABLE before PKCS#11 2.40) reads as its default, true.
        return names.Zip(values).ToDictionary(p => p.Item1, p => p.Item2.CannotBeRead || p.Item2.GetValueAsBool());
    }

    private static ISlot SelectSlot(IPkcs11Library library, HsmSettings settings)
    {
        var slots = library.GetSlotList(SlotsType.WithTokenPresent);
        if (settings.TokenLabel is { Length: > 0 } label)
            return slots.FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == label)
                   ?? throw new HsmException($"Kms__Hsm__TokenLabel: no token labelled '{label}' is present.");
        if (settings.SlotId is { } id)
            return slots.FirstOrDefault(s => s.SlotId == id)
                   ?? throw new HsmException($"GOKMS_HSM_SLOT: no slot {id} with a token is present.");
        throw new HsmException("Set GOKMS_HSM_SLOT (slot id) or Kms__Hsm__TokenLabel (token label).");
    }

    private static IObjectHandle? FindKey(Pkcs11InteropFactories factories, ISession session, string label)
    {
        var found = session.FindAllObjects(
        [
            factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            factories.ObjectAttributeFactory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
        ]);
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new HsmException($"GOKMS_HSM_AES_KEYID: {found.Count} AES keys are labelled '{label}'; the label must name one key."),
        };
    }

    /// <summary>A token object, sensitive and never extractable, that can only encrypt and decrypt (the AES-GCM path), and cannot be modified or copied.</summary>
    private static IObjectHandle CreateKey(Pkcs11InteropFactories factories, ISession session, string label) =>
        session.GenerateKey(factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN),
        [
            factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            factories.ObjectAttributeFactory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            factories.ObjectAttributeFactory.Create(CKA.CKA_VALUE_LEN, 32UL),
            factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
            factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true),
            factories.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE, true),
            factories.ObjectAttributeFactory.Create(CKA.CKA_SENSITIVE, true),
            factories.ObjectAttributeFactory.Create(CKA.CKA_EXTRACTABLE, false),
            factories.ObjectAttributeFactory.Create(CKA.CKA_ENCRYPT, true),
            factories.ObjectAttributeFactory.Create(CKA.CKA_DECRYPT, true),
            factories.ObjectAttributeFactory.Create(CKA.CKA_WRAP, false),
            factories.ObjectAttributeFactory.Create(CKA.CKA_UNWRAP, false),
            factories.ObjectAttributeFactory.Create(CKA.CKA_MODIFIABLE, false),
            factories.ObjectAttributeFactory.Create(CKA.CKA_COPYABLE, false),
        ]);

    /// <summary>Pkcs11Interop asks for "libdl", which Debian 12 ships only as libdl.so.2.</summary>
    internal static void InstallLibdlResolver()
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, path) =>
            name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libdl.so.2", assembly, path, out var handle)
                ? handle
                : IntPtr.Zero);
    }
}
