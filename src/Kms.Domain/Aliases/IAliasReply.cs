namespace Kms.Domain.Aliases;

/// <summary>An answer from an alias actor.</summary>
public interface IAliasReply : IKmsReply, IKmsMessage;
