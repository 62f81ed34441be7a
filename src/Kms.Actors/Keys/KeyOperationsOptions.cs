namespace Kms.Actors.Keys;

/// <summary>How long the operation model waits for an actor before answering KeyUnavailable, and the ARN namespace.</summary>
public sealed record KeyOperationsOptions(TimeSpan AskTimeout)
{
    public KeyArns Arns { get; init; } = KeyArns.Default;
}
