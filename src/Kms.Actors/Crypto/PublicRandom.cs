using System.Security.Cryptography;

namespace Kms.Actors.Crypto;

/// <summary>
/// Random bytes for values that are public once used: salts and nonces written into ciphertext blobs,
/// request ids. They come from the system's CSPRNG like any other, but each thread draws them 4 KB at a time,
/// since every call to the CSPRNG is a system call whatever its size (docs/decisions/0002-public-random-buffer.md).
/// Bytes handed out are wiped from the buffer and the buffer's position moves past them before the call returns,
/// on the one thread that owns it, so none is handed out twice. Secrets (key material, data keys) never come
/// from here: they are drawn directly and live only where they are used.
/// </summary>
public static class PublicRandom
{
    public const int BufferBytes = 4096;

    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static int t_used;

    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BufferBytes)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }
        var buffer = t_buffer;
        if (buffer is null || BufferBytes - t_used < destination.Length)
        {
            buffer = t_buffer ??= new byte[BufferBytes];
            RandomNumberGenerator.Fill(buffer);
            t_used = 0;
        }
        var drawn = buffer.AsSpan(t_used, destination.Length);
        drawn.CopyTo(destination);
        drawn.Clear();
        t_used += destination.Length;
    }
}
