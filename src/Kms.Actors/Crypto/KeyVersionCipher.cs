using System.Security.Cryptography;

namespace Kms.Actors.Crypto;

/// <summary>
/// One key version's unwrapped material and the message keys derived from it, owned by the one actor that
/// holds the key: not thread-safe. Its blobs are <see cref="DataCipher"/>'s, byte for byte in format: the
/// message key is HKDF of the material and the blob's salt, and every message has its own random nonce. What
/// it saves is deriving: encryption keeps one salt's message key, ready as an AES-GCM context, for at most
/// <see cref="MessagesPerSalt"/> messages before it draws a new salt, and decryption keeps the message keys
/// of the last few salts it met. Deriving a message key and preparing its context cost about 5 µs through
/// OpenSSL, three times the encryption of a small message. A context takes
/// about 1.5 KB of native memory, so a version keeps none until it serves its second message: a key used
/// once, as most of many idle keys are when they wake, holds no more than before.
/// <para>
/// The bound: with random 96-bit nonces, n messages under one message key share a nonce with probability at
/// most n²/2^97, which is 2^-65 for 2^16 messages; NIST SP 800-38D asks for at most 2^-32.
/// </para>
/// </summary>
public sealed class KeyVersionCipher : IDisposable
{
    /// <summary>Messages encrypted under one salt's message key before a new salt is drawn.</summary>
    public const int MessagesPerSalt = 1 << 16;

    /// <summary>Message keys kept for decryption besides the one encrypting.</summary>
    public const int DecryptionKeys = 4;

    private readonly byte[] _material;
    private readonly int _messagesPerSalt;
    private readonly MessageKey?[] _decrypting = new MessageKey?[DecryptionKeys];
    private MessageKey? _encrypting;
    private int _encrypted;
    private int _nextSlot;
    private bool _servedOne;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="material"/>: it is wiped on <see cref="Dispose"/>.</summary>
    public KeyVersionCipher(byte[] material, int messagesPerSalt = MessagesPerSalt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messagesPerSalt, 1);
        _material = material;
        _messagesPerSalt = messagesPerSalt;
    }

    /// <summary>The material itself, for the operations that use it directly (MACs).</summary>
    public ReadOnlySpan<byte> Material
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _material;
        }
    }

    public byte[] Encrypt(string keyId, int keyVersion, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (FirstMessage()) return DataCipher.Encrypt(_material, keyId, keyVersion, plaintext, context);
        if (_encrypting is null || _encrypted >= _messagesPerSalt)
        {
            // The retired key may still decrypt its messages: it moves to the decryption keys.
            if (_encrypting is not null) KeepForDecryption(_encrypting);
            var salt = new byte[CiphertextFormat.SaltSize];
            PublicRandom.Fill(salt);
            _encrypting = new MessageKey(salt, DataCipher.DeriveMessageKey(_material, salt));
            _encrypted = 0;
        }
        _encrypted++;
        return DataCipher.Seal(_encrypting.Aes, keyId, keyVersion, _encrypting.Salt, plaintext, context);
    }

    /// <summary>Decrypts a parsed blob of this version; throws <see cref="CryptographicException"/> when it was tampered with or the context differs.</summary>
    public byte[] Decrypt(in ParsedCiphertext blob, IReadOnlyDictionary<string, string>? context)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (FirstMessage()) return DataCipher.Decrypt(_material, blob, context);
        var salt = blob.Salt.Span;
        var key = _encrypting is not null && salt.SequenceEqual(_encrypting.Salt) ? _encrypting : Find(salt);
        if (key is null)
        {
            key = new MessageKey(salt.ToArray(), DataCipher.DeriveMessageKey(_material, salt));
            KeepForDecryption(key);
        }
        return DataCipher.Open(key.Aes, blob, context);
    }

    /// <summary>Wipes the material and releases every message key.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CryptographicOperations.ZeroMemory(_material);
        _encrypting?.Aes.Dispose();
        _encrypting = null;
        for (var i = 0; i < _decrypting.Length; i++)
        {
            _decrypting[i]?.Aes.Dispose();
            _decrypting[i] = null;
        }
    }

    /// <summary>True only for the version's first message, which is served without keeping its message key.</summary>
    private bool FirstMessage()
    {
        if (_servedOne) return false;
        _servedOne = true;
        return true;
    }

    private MessageKey? Find(ReadOnlySpan<byte> salt)
    {
        foreach (var key in _decrypting)
        {
            if (key is not null && salt.SequenceEqual(key.Salt)) return key;
        }
        return null;
    }

    /// <summary>Keeps a message key in the next slot, releasing the oldest one there.</summary>
    private void KeepForDecryption(MessageKey key)
    {
        _decrypting[_nextSlot]?.Aes.Dispose();
        _decrypting[_nextSlot] = key;
        _nextSlot = (_nextSlot + 1) % _decrypting.Length;
    }

    /// <summary>A salt (public: it is in every blob under it) and the AES-GCM context of its message key.</summary>
    private sealed record MessageKey(byte[] Salt, AesGcm Aes);
}
