using System.Security.Cryptography;
using Akka.Actor;
using Kms.Actors.Crypto;

namespace Kms.Actors.MasterKey;

/// <summary>
/// Messages of <see cref="MasterKeyActor"/>. They carry key material in the clear, so they stay on the
/// node that owns the provider and are deliberately not serializable.
/// </summary>
public static class MasterKeyProtocol
{
    public sealed record Generate(KeyWrapBinding Binding, int Bytes) : INoSerializationVerificationNeeded;

    /// <summary>Unwraps the versions of a key of this spec and usage.</summary>
    public sealed record Unwrap(string KeyId, KeySpec Spec, KeyUsage Usage, IReadOnlyList<WrappedVersion> Versions) : INoSerializationVerificationNeeded;

    /// <summary>A version's wrapped material, the provider that wrapped it and the <see cref="KeyWrapBinding.Format"/> it was bound with.</summary>
    public sealed record WrappedVersion(int Version, string Provider, byte[] Wrapped, int WrapFormat);

    /// <summary>Unwraps each version with the provider that wrapped it and wraps it again with the primary provider, in the current format.</summary>
    public sealed record Rewrap(string KeyId, KeySpec Spec, KeyUsage Usage, IReadOnlyList<WrappedVersion> Versions) : INoSerializationVerificationNeeded;

    public sealed record Rewrapped(string Provider, IReadOnlyList<WrappedVersion> Versions) : INoSerializationVerificationNeeded;

    public sealed record Generated(GeneratedKeyMaterial Key, string Provider) : INoSerializationVerificationNeeded, IHoldsKeyMaterial
    {
        public void WipeMaterial() => CryptographicOperations.ZeroMemory(Key.Material);
    }

    public sealed record Unwrapped(IReadOnlyDictionary<int, byte[]> Materials) : INoSerializationVerificationNeeded, IHoldsKeyMaterial
    {
        public void WipeMaterial()
        {
            foreach (var material in Materials.Values) CryptographicOperations.ZeroMemory(material);
        }
    }

    public sealed record Failed(KmsError Error) : INoSerializationVerificationNeeded;
}
