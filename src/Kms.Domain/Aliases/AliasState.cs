namespace Kms.Domain.Aliases;

/// <summary>An alias that exists: its name, the key it points to, and when it was made and last changed.</summary>
public sealed record AliasState(string AliasName, string TargetKeyId, DateTimeOffset CreationDate, DateTimeOffset LastUpdatedDate) : IKmsMessage;
