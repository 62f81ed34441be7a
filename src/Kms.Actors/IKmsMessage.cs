namespace Kms.Actors;

/// <summary>
/// Marks every type that crosses an actor boundary that may be remote, or reaches the journal.
/// All of them are bound to <see cref="Serialization.KmsSerializer"/>, never to Akka's default JSON.
/// </summary>
public interface IKmsMessage;
