namespace Kms.Domain.Keys;

/// <summary>One version of a key's material, wrapped by the named master-key provider. Versions after the first came from a rotation.</summary>
public sealed record KeyVersion(int Version, string Provider, byte[] WrappedMaterial)
{
    public DateTimeOffset? RotationDate { get; init; }

    public RotationType? RotationType { get; init; }

    /// <summary>The <see cref="KeyWrapBinding.Format"/> the material was wrapped with; 1 for material wrapped before format 2.</summary>
    public int WrapFormat { get; init; } = 1;
}
