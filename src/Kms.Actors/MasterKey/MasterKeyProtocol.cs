namespace Kms.Actors.MasterKey;

/// <summary>
/// Messages of <see cref="MasterKeyActor"/>. They carry key material in the clear, so they stay on the
/// node that owns the provider and are deliberately not serializable.
/// </summary>
public static class MasterKeyProtocol
{
    public sealed record Generate(string KeyId, int Version);

    public sealed record Unwrap(string KeyId, IReadOnlyList<WrappedVersion> Versions);

    public sealed record WrappedVersion(int Version, byte[] Wrapped);

    public sealed record Generated(GeneratedKeyMaterial Key, string Provider);

    public sealed record Unwrapped(IReadOnlyDictionary<int, byte[]> Materials);

    public sealed record Failed(KmsError Error);
}
