namespace Kms.Domain.Keys;

/// <summary>
/// What happens to a key. Persisted: their manifests in KmsSerializer must never
/// change; fields may only be added, as optional ones.
/// </summary>
public static class KeyEvents
{
    /// <summary>The key came to be with its first version of material, wrapped by the named master-key provider.</summary>
    public sealed record KeyCreated(string KeyId, DateTimeOffset CreationDate, string Description, string Provider, byte[] WrappedMaterial) : IKeyEvent
    {
        public KeyUsage? Usage { get; init; }
        public KeySpec? Spec { get; init; }
        public IReadOnlyDictionary<string, string>? Tags { get; init; }

        /// <summary>The wrap's <see cref="KeyWrapBinding.Format"/>; absent (1) in events from before format 2.</summary>
        public int WrapFormat { get; init; } = 1;
    }

    public sealed record KeyEnabled(string KeyId) : IKeyEvent;

    public sealed record KeyDisabled(string KeyId) : IKeyEvent;

    public sealed record KeyDescriptionUpdated(string KeyId, string Description) : IKeyEvent;

    public sealed record KeyDeletionScheduled(string KeyId, DateTimeOffset DeletionDate, int PendingWindowInDays) : IKeyEvent;

    public sealed record KeyDeletionCancelled(string KeyId) : IKeyEvent;

    /// <summary>The key's material is gone; the events before this one are deleted from the journal.</summary>
    public sealed record KeyDestroyed(string KeyId, DateTimeOffset DestroyedAt) : IKeyEvent;

    /// <summary>
    /// Every event before <see cref="KeyDestroyed"/> and every snapshot of the destroyed key are deleted. Until this
    /// is in the journal, the key's history may still hold material, and the catalog keeps waking the key to delete it.
    /// </summary>
    public sealed record KeyHistoryDeleted(string KeyId) : IKeyEvent;

    public sealed record KeyRotated(
        string KeyId, int Version, string Provider, byte[] WrappedMaterial, DateTimeOffset RotationDate,
        RotationType RotationType, DateTimeOffset? NextRotationDate) : IKeyEvent
    {
        public int WrapFormat { get; init; } = 1;
    }

    public sealed record KeyRotationEnabled(string KeyId, int RotationPeriodInDays, DateTimeOffset NextRotationDate) : IKeyEvent;

    public sealed record KeyRotationDisabled(string KeyId) : IKeyEvent;

    /// <summary>A version's material, unchanged, now wrapped by another master-key provider.</summary>
    public sealed record KeyMaterialRewrapped(string KeyId, int Version, string Provider, byte[] WrappedMaterial) : IKeyEvent
    {
        public int WrapFormat { get; init; } = 1;
    }

    public sealed record KeyTagged(string KeyId, IReadOnlyDictionary<string, string> Tags) : IKeyEvent;

    public sealed record KeyUntagged(string KeyId, IReadOnlyList<string> TagKeys) : IKeyEvent;
}
