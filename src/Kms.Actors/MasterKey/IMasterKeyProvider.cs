using Kms.Actors.Crypto;

namespace Kms.Actors.MasterKey;

/// <summary>
/// The one place key material is wrapped and unwrapped. Implementations may block (an HSM call does);
/// only <see cref="MasterKeyActor"/> calls them, on its own dispatcher.
/// </summary>
public interface IMasterKeyProvider : IDisposable
{
    /// <summary>A short name recorded beside wrapped material, e.g. <c>gokms</c> or <c>hsm</c>.</summary>
    string Name { get; }

    /// <summary>False while the provider is known to have failed since start-up (an HSM whose session was lost), until its next successful use.</summary>
    bool IsAvailable => true;

    /// <summary>Makes fresh key material of <paramref name="bytes"/> bytes for a key version and returns it with its wrapped form.</summary>
    GeneratedKeyMaterial Generate(KeyWrapBinding binding, int bytes);

    /// <summary>Wraps existing material for a key version (used when moving keys between providers).</summary>
    byte[] Wrap(KeyWrapBinding binding, byte[] material);

    /// <summary>Unwraps material; throws <see cref="System.Security.Cryptography.CryptographicException"/> if it does not belong to this binding.</summary>
    byte[] Unwrap(KeyWrapBinding binding, byte[] wrapped);

    /// <summary>
    /// The key that authenticates the journal's rows (<see cref="Crypto.JournalMac"/>): derived from the master
    /// key, the same on every node and every start with the same master key, never stored. Called once at start-up.
    /// </summary>
    byte[] DeriveJournalMacKey();
}
