using System.Security.Cryptography;

namespace Kms.Cli.Envelope;

/// <summary>
/// Streams a file through <see cref="ChunkCipher"/>: every chunk but the last holds exactly the header's chunk size, the
/// last holds 0 to chunk-size bytes (so an empty file is one empty final chunk). One chunk is read ahead to know
/// which chunk is the last.
/// </summary>
internal static class EnvelopeCipher
{
    /// <summary>Writes the header and every chunk; returns the number of chunks.</summary>
    public static async Task<long> EncryptAsync(Stream input, Stream output, EnvelopeHeader header, byte[] dataKey, Action<long> progress, CancellationToken ct)
    {
        var size = header.ChunkSize;
        var current = new byte[size];
        var next = new byte[size];
        var sealedChunk = new byte[size + ChunkCipher.TagSize];
        using var cipher = new ChunkCipher(dataKey, header);
        try
        {
            await output.WriteAsync(header.Encoded, ct);
            var length = await input.ReadAtLeastAsync(current, size, throwOnEndOfStream: false, ct);
            for (uint index = 0; ; index++)
            {
                var nextLength = length < size ? 0 : await input.ReadAtLeastAsync(next, size, throwOnEndOfStream: false, ct);
                var final = nextLength == 0;
                if (!final && index == uint.MaxValue) throw new IOException("The file is too large for the envelope format (at most 2^32 chunks).");
                cipher.Seal(index, final, current.AsSpan(0, length), sealedChunk);
                await output.WriteAsync(sealedChunk.AsMemory(0, length + ChunkCipher.TagSize), ct);
                progress(length);
                if (final) return index + 1L;
                (current, next) = (next, current);
                length = nextLength;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(next);
        }
    }

    /// <summary>
    /// Decrypts the chunks after the header into <paramref name="output"/>; throws <see cref="IntegrityException"/> at
    /// the first chunk that does not verify, so the caller must not keep what was written.
    /// </summary>
    public static async Task<long> DecryptAsync(Stream input, Stream output, EnvelopeHeader header, byte[] dataKey, Action<long> progress, CancellationToken ct)
    {
        var full = header.ChunkSize + ChunkCipher.TagSize;
        var current = new byte[full];
        var next = new byte[full];
        var plaintext = new byte[header.ChunkSize];
        using var cipher = new ChunkCipher(dataKey, header);
        try
        {
            var length = await input.ReadAtLeastAsync(current, full, throwOnEndOfStream: false, ct);
            for (uint index = 0; ; index++)
            {
                var nextLength = length < full ? 0 : await input.ReadAtLeastAsync(next, full, throwOnEndOfStream: false, ct);
                var final = nextLength == 0;
                if (length < ChunkCipher.TagSize)
                    throw new IntegrityException(index == 0 ? "the file has no chunks: it was truncated." : $"chunk {index} is truncated.");
                if (!cipher.TryOpen(index, final, current.AsSpan(0, length), plaintext))
                    throw new IntegrityException($"chunk {index} does not verify: the file was altered, truncated, reordered or extended.");
                await output.WriteAsync(plaintext.AsMemory(0, length - ChunkCipher.TagSize), ct);
                progress(length);
                if (final) return index + 1L;
                if (index == uint.MaxValue) throw new IntegrityException("the file has more chunks than the format allows.");
                (current, next) = (next, current);
                length = nextLength;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
