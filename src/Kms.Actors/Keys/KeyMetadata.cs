namespace Kms.Actors.Keys;

/// <summary>What may be told about a key: never its material.</summary>
public sealed record KeyMetadata(string KeyId, DateTimeOffset CreationDate, string Description, bool Enabled, KeyStatus KeyState) : IKmsMessage;
