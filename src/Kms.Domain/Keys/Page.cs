namespace Kms.Domain.Keys;

/// <summary>One page of a listing; <see cref="NextMarker"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker) : IKmsReply
{
    public bool Truncated => NextMarker is not null;

    /// <summary>The key the items belong to, for listings of one key (its rotations, its tags).</summary>
    public string? KeyId { get; init; }
}
