namespace Kms.Hsm;

/// <summary>The key-encryption key found under the label has attributes Kms refuses; the message names each one and how to fix it.</summary>
public sealed class HsmKeyAttributesException(string label, IReadOnlyList<string> wrong)
    : HsmException($"GOKMS_HSM_AES_KEYID: the key-encryption key '{label}' has unsafe attributes: {string.Join("; ", wrong)}. " +
                   "Kms needs a sensitive, non-extractable AES key that may only encrypt and decrypt; it turns off CKA_WRAP and CKA_UNWRAP " +
                   "itself only on a modifiable key. Use such a key (see the README's HSM section).")
{
    public IReadOnlyList<string> WrongAttributes { get; } = wrong;
}
