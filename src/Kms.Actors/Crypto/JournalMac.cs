using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kms.Actors.Crypto;

/// <summary>
/// HMAC-SHA256 over one journal or snapshot row: what kind of row, its persistence id, its sequence number,
/// the serializer and manifest of its payload, and the payload's bytes. An edited, moved or re-numbered row
/// then fails the check. The key is derived from the master key (<see cref="DeriveKey"/>) and never stored.
/// </summary>
public static class JournalMac
{
    public const int KeySize = 32;
    public const int MacSize = 32;
    public const string Event = "event";
    public const string Snapshot = "snapshot";

    private static readonly byte[] KeyLabel = Encoding.ASCII.GetBytes("kms/journal-mac/v1");
    private static readonly byte[] RowLabel = Encoding.ASCII.GetBytes("kms/journal-row/v1\0");

    /// <summary>The journal MAC key: HKDF-SHA256 from a secret only the master key can produce, with its own label.</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> secret)
    {
        var key = new byte[KeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt: [], info: KeyLabel);
        return key;
    }

    public static byte[] Compute(ReadOnlySpan<byte> key, string kind, string persistenceId, long sequenceNr, int serializerId, string manifest, ReadOnlySpan<byte> payload)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Span<byte> number = stackalloc byte[8];
        hmac.AppendData(RowLabel);
        AppendString(hmac, kind);
        AppendString(hmac, persistenceId);
        BinaryPrimitives.WriteInt64BigEndian(number, sequenceNr);
        hmac.AppendData(number);
        BinaryPrimitives.WriteInt32BigEndian(number, serializerId);
        hmac.AppendData(number[..4]);
        AppendString(hmac, manifest);
        hmac.AppendData(payload);
        return hmac.GetHashAndReset();
    }

    public static bool Verify(ReadOnlySpan<byte> key, string kind, string persistenceId, long sequenceNr, int serializerId, string manifest,
        ReadOnlySpan<byte> payload, ReadOnlySpan<byte> mac) =>
        CryptographicOperations.FixedTimeEquals(Compute(key, kind, persistenceId, sequenceNr, serializerId, manifest, payload), mac);

    /// <summary>Length-prefixed, so that no two different field lists give the same bytes.</summary>
    private static void AppendString(IncrementalHash hmac, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hmac.AppendData(length);
        hmac.AppendData(bytes);
    }
}
