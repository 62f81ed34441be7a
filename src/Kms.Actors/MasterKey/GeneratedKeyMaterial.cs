namespace Kms.Actors.MasterKey;

/// <summary>Fresh key material in the clear (to be held in memory only) and wrapped (to be persisted).</summary>
public sealed record GeneratedKeyMaterial(byte[] Material, byte[] Wrapped);
