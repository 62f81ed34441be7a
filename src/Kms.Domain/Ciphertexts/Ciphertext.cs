using System.Diagnostics.CodeAnalysis;

namespace Kms.Domain.Ciphertexts;

/// <summary>A ciphertext blob whose header has been read once, at the edge, and is handed along with it.</summary>
public sealed class Ciphertext
{
    private Ciphertext(byte[] blob, ParsedCiphertext parts)
    {
        Blob = blob;
        Parts = parts;
    }

    public byte[] Blob { get; }

    public ParsedCiphertext Parts { get; }

    /// <summary>The key the blob names; not yet checked to be a well-formed key id.</summary>
    public string KeyId => Parts.KeyId;

    public static bool TryParse(byte[] blob, [NotNullWhen(true)] out Ciphertext? ciphertext, out string error)
    {
        ciphertext = CiphertextFormat.TryParse(blob, out var parts, out error) ? new Ciphertext(blob, parts) : null;
        return ciphertext is not null;
    }
}
