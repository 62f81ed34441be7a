using Akka.Actor;

namespace Kms.Actors.Keys;

/// <summary>
/// Published on the local event stream by a key actor right after it persisted a change, for the catalog's
/// read-your-writes; the state holds no material.
/// </summary>
public sealed record KeyChanged(KeyState State, long SequenceNr) : INoSerializationVerificationNeeded;
