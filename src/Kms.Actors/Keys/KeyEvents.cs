namespace Kms.Actors.Keys;

/// <summary>What happens to a key. Persisted: their manifests in <see cref="Serialization.KmsSerializer"/> must never change.</summary>
public static class KeyEvents
{
    /// <summary>The key came to be with its first version of material, wrapped by the named master-key provider.</summary>
    public sealed record KeyCreated(string KeyId, DateTimeOffset CreationDate, string Description, string Provider, byte[] WrappedMaterial) : IKeyEvent;

    public sealed record KeyEnabled(string KeyId) : IKeyEvent;

    public sealed record KeyDisabled(string KeyId) : IKeyEvent;
}
