namespace Kms.Domain.Ciphertexts;

/// <summary>The parts of a ciphertext blob, as slices of the blob itself.</summary>
public readonly record struct ParsedCiphertext(
    string KeyId,
    int KeyVersion,
    ReadOnlyMemory<byte> Header,
    ReadOnlyMemory<byte> Salt,
    ReadOnlyMemory<byte> Nonce,
    ReadOnlyMemory<byte> Ciphertext,
    ReadOnlyMemory<byte> Tag);
