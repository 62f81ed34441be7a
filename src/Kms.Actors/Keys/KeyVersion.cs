namespace Kms.Actors.Keys;

/// <summary>One version of a key's material, wrapped by the named master-key provider.</summary>
public sealed record KeyVersion(int Version, string Provider, byte[] WrappedMaterial);
