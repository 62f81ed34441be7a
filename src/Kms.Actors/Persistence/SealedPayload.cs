namespace Kms.Actors.Persistence;

/// <summary>
/// What the journal and the snapshot store write in place of a payload: the payload as its own serializer
/// made it, and the <see cref="Crypto.JournalMac"/> that binds it to its row. Rows from before journal MACs
/// hold the bare payload; <see cref="JournalIntegrity"/> refuses them until <see cref="JournalMacMigration"/> has sealed them.
/// </summary>
public sealed record SealedPayload(int SerializerId, string Manifest, byte[] Payload, byte[] Mac) : IKmsMessage;
