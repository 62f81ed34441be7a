using Kms.Domain.Ciphertexts;

namespace Kms.Domain.Keys;

/// <summary>What a key actor must do with a command, as decided by <see cref="KeyDomain"/>.</summary>
public abstract record KeyDecision
{
    /// <summary>Refuse with this error; nothing changes.</summary>
    public sealed record Reject(KmsError Error) : KeyDecision;

    /// <summary>Persist these events (none: the command was already satisfied), then answer with the metadata.</summary>
    public sealed record Change(IReadOnlyList<IKeyEvent> Events) : KeyDecision;

    /// <summary>Generate material for <paramref name="Version"/>, then persist <see cref="KeyDomain.WithMaterial"/>'s event.</summary>
    public sealed record GenerateMaterial(int Version, int Bytes) : KeyDecision;

    /// <summary>Have the master key re-wrap these versions, then persist one <see cref="KeyEvents.KeyMaterialRewrapped"/> each.</summary>
    public sealed record Rewrap(IReadOnlyList<KeyVersion> Versions) : KeyDecision;

    /// <summary>Answer with this; nothing changes.</summary>
    public sealed record Reply(IKeyReply Answer) : KeyDecision;

    /// <summary>Run the crypto operation with this version of the material.</summary>
    public sealed record UseVersion(int Version) : KeyDecision
    {
        /// <summary>For a decrypt, the blob as <see cref="KeyDomain.Decide"/> parsed and checked it, so that it is read once.</summary>
        public ParsedCiphertext? Ciphertext { get; init; }
    }
}
