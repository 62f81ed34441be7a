namespace Kms.Actors.MasterKey;

/// <summary>
/// Creates a directory only its owner may list, enter or change (0700), so that files made in it with the default
/// umask (SQLite's <c>kms.db</c> and its WAL: wrapped material, aliases, tags) are out of other local users' reach.
/// An existing directory keeps its mode: the node refuses at start-up one that group or others may access.
/// </summary>
public static class OwnerOnlyDirectory
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, Mode);
    }
}
