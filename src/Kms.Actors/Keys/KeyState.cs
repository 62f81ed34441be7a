namespace Kms.Actors.Keys;

/// <summary>Everything a key actor knows, rebuilt from its events; also its snapshot. Holds material only wrapped.</summary>
public sealed record KeyState(
    string KeyId,
    DateTimeOffset CreationDate,
    string Description,
    KeyStatus Status,
    IReadOnlyList<KeyVersion> Versions) : IKmsMessage
{
    /// <summary>The version new encryptions use (a method, so snapshots do not store it).</summary>
    public int CurrentVersion() => Versions[^1].Version;

    public KeyMetadata ToMetadata() => new(KeyId, CreationDate, Description, Status == KeyStatus.Enabled, Status);
}
