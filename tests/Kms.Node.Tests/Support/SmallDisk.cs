using System.Diagnostics;

namespace Kms.Node.Tests.Support;

/// <summary>A small tmpfs mounted over a directory, so that a test can fill the node's disk and free it again.</summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string _filler;

    private SmallDisk(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler");
    }

    public string Path { get; }

    /// <summary>Why no tmpfs can be mounted here (the test is then skipped with it), or null; tried once per process.</summary>
    public static string? Unavailable { get; } = TryMountOnce();

    public static SmallDisk Mount(string path, string size)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Writes a file until the disk has no byte left.</summary>
    public void Fill()
    {
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 1);
        foreach (var chunk in new[] { 1 << 20, 4096, 1 })
        {
            var bytes = new byte[chunk];
            try
            {
                while (true) file.Write(bytes);
            }
            catch (IOException)
            {
            }
        }
    }

    public void Free() => File.Delete(_filler);

    public void Dispose() => Run("umount", "-l", Path);

    private static string? TryMountOnce()
    {
        if (Environment.UserName != "root") return "Filling a disk needs a tmpfs mount, which needs root (as in .ci/run).";
        var trial = Directory.CreateTempSubdirectory("kms-tmpfs-").FullName;
        try
        {
            using (Mount(trial, "1m")) { }
            return null;
        }
        catch (InvalidOperationException e)
        {
            return "Filling a disk needs a tmpfs mount, which failed here: " + e.Message;
        }
        finally
        {
            Directory.Delete(trial);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {error.Trim()}");
    }
}
