using Kms.Actors.Crypto;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Persistence;

/// <summary>
/// Seals every payload the journal and the snapshot store write with a <see cref="JournalMac"/> bound to its
/// persistence id and sequence number, and opens what they read: the original payload when the MAC holds, else
/// a <see cref="JournalRowRejected"/>. New rows are sealed under the primary master-key provider's key; rows sealed
/// under another configured provider's key (before a move to an HSM) still open. A row without a MAC is refused.
/// </summary>
public sealed class JournalIntegrity
{
    /// <summary>The serializer and manifest every sealed row is stored under (the serializer takes its id from here): never change them.</summary>
    public const int SealedSerializerId = 4711;
    public const string SealedManifest = "sealed.v1";

    private readonly byte[] _sealingKey;
    private readonly IReadOnlyList<byte[]> _openingKeys;

    public JournalIntegrity(byte[] sealingKey, IEnumerable<byte[]>? otherKeys = null)
    {
        if (sealingKey.Length != JournalMac.KeySize) throw new ArgumentException("The journal MAC key must be 256 bits.", nameof(sealingKey));
        _sealingKey = sealingKey;
        _openingKeys = [sealingKey, .. otherKeys ?? []];
    }

    /// <summary>Derives the keys from the providers (the first one seals); called once at start-up.</summary>
    public static JournalIntegrity From(IReadOnlyList<IMasterKeyProvider> providers) =>
        new(providers[0].DeriveJournalMacKey(), providers.Skip(1).Select(p => p.DeriveJournalMacKey()).ToList());

    public SealedPayload Seal(Akka.Serialization.Serialization serialization, string kind, string persistenceId, long sequenceNr, object payload)
    {
        var serializer = serialization.FindSerializerFor(payload);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, payload);
        return Seal(kind, persistenceId, sequenceNr, serializer.Identifier, manifest, serializer.ToBinary(payload));
    }

    /// <summary>Seals a payload already serialized (the migration seals the rows' bytes as they are).</summary>
    public SealedPayload Seal(string kind, string persistenceId, long sequenceNr, int serializerId, string manifest, byte[] payload) =>
        new(serializerId, manifest, payload, JournalMac.Compute(_sealingKey, kind, persistenceId, sequenceNr, serializerId, manifest, payload));

    /// <summary>The payload a row was sealed with, or a <see cref="JournalRowRejected"/> when the row is not authentic.</summary>
    public object Open(Akka.Serialization.Serialization serialization, string kind, string persistenceId, long sequenceNr, object stored)
    {
        if (stored is JournalRowRejected) return stored;
        if (stored is not SealedPayload sealedPayload)
            return new JournalRowRejected(kind, persistenceId, sequenceNr, "the row has no journal MAC");
        if (!IsWellFormed(sealedPayload))
            return new JournalRowRejected(kind, persistenceId, sequenceNr, "the row is not a well-formed sealed payload");
        if (Check(kind, persistenceId, sequenceNr, sealedPayload) is null)
            return new JournalRowRejected(kind, persistenceId, sequenceNr, "the row's journal MAC does not match");
        try
        {
            return serialization.Deserialize(sealedPayload.Payload, sealedPayload.SerializerId, sealedPayload.Manifest);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new JournalRowRejected(kind, persistenceId, sequenceNr, "the row's payload does not deserialize");
        }
    }

    /// <summary>
    /// Opens a row read as bytes: a row not written by Kms's serializer as a sealed payload is refused before
    /// anything deserializes it, and so is one whose sealed payload is malformed; never throws for the row's content.
    /// </summary>
    public object Open(Akka.Serialization.Serialization serialization, string kind, string persistenceId, long sequenceNr, int serializerId,
        string? manifest, byte[] bytes)
    {
        if (!IsSealedRow(serializerId, manifest))
            return new JournalRowRejected(kind, persistenceId, sequenceNr, "the row has no journal MAC");
        return ReadSealed(serialization, bytes) is { } sealedPayload
            ? Open(serialization, kind, persistenceId, sequenceNr, sealedPayload)
            : new JournalRowRejected(kind, persistenceId, sequenceNr, "the row is not a well-formed sealed payload");
    }

    /// <summary>A sealed row's envelope, or null when its bytes are not a well-formed sealed payload.</summary>
    public static SealedPayload? ReadSealed(Akka.Serialization.Serialization serialization, byte[] bytes)
    {
        try
        {
            return serialization.Deserialize(bytes, SealedSerializerId, SealedManifest) is SealedPayload row && IsWellFormed(row) ? row : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Every field present, and the MAC of the size a journal MAC has (the JSON serializer leaves missing fields null).</summary>
    public static bool IsWellFormed(SealedPayload row) =>
        row.Manifest is not null && row.Payload is not null && row.Mac is { Length: JournalMac.MacSize };

    /// <summary>Whether the row verifies under the sealing key (true), another configured key (false), or none (null).</summary>
    public bool? Check(string kind, string persistenceId, long sequenceNr, SealedPayload row)
    {
        for (var i = 0; i < _openingKeys.Count; i++)
            if (JournalMac.Verify(_openingKeys[i], kind, persistenceId, sequenceNr, row.SerializerId, row.Manifest, row.Payload, row.Mac))
                return i == 0;
        return null;
    }

    public static bool IsSealedRow(int serializerId, string? manifest) => serializerId == SealedSerializerId && manifest == SealedManifest;
}
