using Akka.Actor;

namespace Kms.Actors.Persistence;

/// <summary>
/// Published on the local event stream once a destroyed key's events and snapshots are deleted, so that the journal's
/// files can drop their last copies of its rows (<see cref="SqliteCompactionActor"/>).
/// </summary>
public sealed record KeyShredded(string KeyId) : INoSerializationVerificationNeeded;
