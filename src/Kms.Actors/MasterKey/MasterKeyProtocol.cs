using Akka.Actor;

namespace Kms.Actors.MasterKey;

/// <summary>
/// Messages of <see cref="MasterKeyActor"/>. They carry key material in the clear, so they stay on the
/// node that owns the provider and are deliberately not serializable.
/// </summary>
public static class MasterKeyProtocol
{
    public sealed record Generate(string KeyId, int Version, int Bytes) : INoSerializationVerificationNeeded;

    public sealed record Unwrap(string KeyId, IReadOnlyList<WrappedVersion> Versions) : INoSerializationVerificationNeeded;

    public sealed record WrappedVersion(int Version, string Provider, byte[] Wrapped);

    /// <summary>Unwraps each version with the provider that wrapped it and wraps it again with the primary provider.</summary>
    public sealed record Rewrap(string KeyId, IReadOnlyList<WrappedVersion> Versions) : INoSerializationVerificationNeeded;

    public sealed record Rewrapped(string Provider, IReadOnlyList<WrappedVersion> Versions) : INoSerializationVerificationNeeded;

    public sealed record Generated(GeneratedKeyMaterial Key, string Provider) : INoSerializationVerificationNeeded;

    public sealed record Unwrapped(IReadOnlyDictionary<int, byte[]> Materials) : INoSerializationVerificationNeeded;

    public sealed record Failed(KmsError Error) : INoSerializationVerificationNeeded;
}
