namespace Kms.Domain.Keys;

/// <summary>An answer from a key actor.</summary>
public interface IKeyReply : IKmsReply, IKmsMessage;
