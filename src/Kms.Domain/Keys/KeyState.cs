namespace Kms.Domain.Keys;

/// <summary>Everything a key actor knows, rebuilt from its events; also its snapshot. Holds material only wrapped.</summary>
public sealed record KeyState(
    string KeyId,
    DateTimeOffset CreationDate,
    string Description,
    KeyStatus Status,
    IReadOnlyList<KeyVersion> Versions) : IKmsMessage
{
    public KeyUsage Usage { get; init; } = KeyUsage.EncryptDecrypt;

    public KeySpec Spec { get; init; } = KeySpec.SymmetricDefault;

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset? DeletionDate { get; init; }

    public int? PendingDeletionWindowInDays { get; init; }

    public int? RotationPeriodInDays { get; init; }

    /// <summary>When automatic rotation is enabled, when it next happens; null when it is off.</summary>
    public DateTimeOffset? NextRotationDate { get; init; }

    /// <summary>A destroyed key whose earlier events and snapshots are all deleted (<see cref="KeyEvents.KeyHistoryDeleted"/>).</summary>
    public bool HistoryDeleted { get; init; }

    /// <summary>The version new encryptions use (a method, so snapshots do not store it).</summary>
    public int CurrentVersion() => Versions[^1].Version;

    public KeyMetadata ToMetadata() => new(KeyId, CreationDate, Description, Status == KeyStatus.Enabled, Status)
    {
        Usage = Usage,
        Spec = Spec,
        DeletionDate = DeletionDate,
        PendingDeletionWindowInDays = PendingDeletionWindowInDays,
    };

    /// <summary>The state without key material, for read models.</summary>
    public KeyState WithoutMaterial() => this with { Versions = Versions.Select(v => v with { WrappedMaterial = [] }).ToList() };
}
