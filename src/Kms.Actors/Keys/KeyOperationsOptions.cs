namespace Kms.Actors.Keys;

/// <summary>How long the operation model waits for a key actor before answering KeyUnavailable.</summary>
public sealed record KeyOperationsOptions(TimeSpan AskTimeout);
