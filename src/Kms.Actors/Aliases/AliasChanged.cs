using Akka.Actor;

namespace Kms.Actors.Aliases;

/// <summary>
/// Published on the local event stream by an alias actor right after it persisted a change, for the catalog's
/// read-your-writes; a null state means deleted.
/// </summary>
public sealed record AliasChanged(string AliasName, AliasState? State, long SequenceNr) : INoSerializationVerificationNeeded;
