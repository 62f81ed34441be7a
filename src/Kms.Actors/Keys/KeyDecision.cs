namespace Kms.Actors.Keys;

/// <summary>What a key actor must do with a command, as decided by <see cref="KeyDomain"/>.</summary>
public abstract record KeyDecision
{
    /// <summary>Refuse with this error; nothing changes.</summary>
    public sealed record Reject(KmsError Error) : KeyDecision;

    /// <summary>Persist these events (none: the command was already satisfied), then answer with the metadata.</summary>
    public sealed record Change(IReadOnlyList<IKeyEvent> Events) : KeyDecision;

    /// <summary>The key does not exist yet: generate its first material, then persist <see cref="KeyDomain.Create"/>.</summary>
    public sealed record GenerateMaterial : KeyDecision;

    /// <summary>Answer with the metadata; nothing changes.</summary>
    public sealed record Describe : KeyDecision;

    /// <summary>Run the crypto operation with this version of the material.</summary>
    public sealed record UseVersion(int Version) : KeyDecision;
}
