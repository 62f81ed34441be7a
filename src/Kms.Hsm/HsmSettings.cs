namespace Kms.Hsm;

/// <summary>
/// Where the key-encryption key lives: the PKCS#11 library (<c>GOKMS_HSM_LIB</c>), the slot by id
/// (<c>GOKMS_HSM_SLOT</c>) or token label (<c>Kms__Hsm__TokenLabel</c>), the user PIN
/// (<c>GOKMS_HSM_SLOT_PIN</c>; no login when absent) and the AES key's label (<c>GOKMS_HSM_AES_KEYID</c>).
/// </summary>
public sealed record HsmSettings(string LibraryPath, ulong? SlotId, string? TokenLabel, string? Pin, string KeyLabel, bool CreateKeyIfMissing);
