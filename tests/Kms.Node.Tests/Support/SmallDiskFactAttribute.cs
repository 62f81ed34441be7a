namespace Kms.Node.Tests.Support;

/// <summary>A fact that mounts a <see cref="SmallDisk"/>; skipped, with the reason, where it cannot.</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (SmallDisk.Unavailable is { } why) Skip = why;
    }
}
