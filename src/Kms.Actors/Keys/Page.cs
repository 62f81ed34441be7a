namespace Kms.Actors.Keys;

/// <summary>One page of a listing; <see cref="NextMarker"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker) : IKmsReply
{
    public bool Truncated => NextMarker is not null;
}
