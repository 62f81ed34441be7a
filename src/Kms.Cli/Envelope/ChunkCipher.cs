using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kms.Cli.Envelope;

/// <summary>
/// AES-256-GCM over one chunk: nonce = the file's 8-byte prefix || chunk index (uint32 BE); associated data = the
/// header digest || chunk index (uint32 BE) || final flag (1 on the last chunk, else 0). So a chunk only verifies
/// in its own place, in its own file, and the last chunk only as the last one.
/// </summary>
internal sealed class ChunkCipher : IDisposable
{
    public const int TagSize = 16;
    public const int KeySize = 32;
    private const int NonceSize = 12;

    private readonly AesGcm _aes;
    private readonly EnvelopeHeader _header;
    private readonly byte[] _nonce = new byte[NonceSize];
    private readonly byte[] _associatedData = new byte[EnvelopeHeader.DigestSize + 4 + 1];

    public ChunkCipher(ReadOnlySpan<byte> dataKey, EnvelopeHeader header)
    {
        if (dataKey.Length != KeySize) throw new ArgumentException($"The data key must be {KeySize} bytes.", nameof(dataKey));
        _aes = new AesGcm(dataKey, TagSize);
        _header = header;
        header.NoncePrefix.CopyTo(_nonce, 0);
        header.Digest.CopyTo(_associatedData);
    }

    /// <summary>Writes ciphertext then tag to <paramref name="output"/> (<c>plaintext.Length + 16</c> bytes).</summary>
    public void Seal(uint index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        Prepare(index, final);
        _aes.Encrypt(_nonce, plaintext, output[..plaintext.Length], output.Slice(plaintext.Length, TagSize), _associatedData);
    }

    /// <summary>False when the chunk does not verify in this place; <paramref name="plaintext"/> is then zeroed.</summary>
    public bool TryOpen(uint index, bool final, ReadOnlySpan<byte> chunk, Span<byte> plaintext)
    {
        Prepare(index, final);
        var length = chunk.Length - TagSize;
        try
        {
            _aes.Decrypt(_nonce, chunk[..length], chunk[length..], plaintext[..length], _associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }

    private void Prepare(uint index, bool final)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_nonce.AsSpan(EnvelopeHeader.NoncePrefixSize), index);
        BinaryPrimitives.WriteUInt32BigEndian(_associatedData.AsSpan(EnvelopeHeader.DigestSize), index);
        _associatedData[^1] = final ? (byte)1 : (byte)0;
    }

    public void Dispose() => _aes.Dispose();
}
