namespace Kms.Actors.MasterKey;

/// <summary>Writes a whole file so that a crash leaves either the old content or the new, never a torn one.</summary>
public static class DurableFile
{
    public static void WriteAllText(string path, string contents, UnixFileMode? mode = null) =>
        Write(path, contents, mode, overwrite: true);

    /// <summary>
    /// Like <see cref="WriteAllText"/>, but throws <see cref="IOException"/> if the file exists, even if
    /// another process created it a moment ago (the final move does not replace).
    /// </summary>
    public static void CreateNew(string path, string contents, UnixFileMode? mode = null) =>
        Write(path, contents, mode, overwrite: false);

    private static void Write(string path, string contents, UnixFileMode? mode, bool overwrite)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode ?? (UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
