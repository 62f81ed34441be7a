namespace Kms.Domain;

/// <summary>
/// Marks every type that crosses an actor boundary that may be remote, or reaches the journal.
/// All of them are bound to the actor system's KmsSerializer, never to Akka's default JSON.
/// </summary>
public interface IKmsMessage;
