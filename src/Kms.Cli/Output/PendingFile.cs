using System.Security.Cryptography;

namespace Kms.Cli.Output;

/// <summary>
/// An output file written under a temporary name beside its target and renamed over it only on <see cref="CommitAsync"/>,
/// after it is flushed to disk. Disposed without a commit, the temporary file is deleted: the target never holds a
/// partial result.
/// </summary>
internal sealed class PendingFile : IAsyncDisposable
{
    private readonly string _target;
    private bool _committed;

    private PendingFile(string target, string temporary, FileStream stream)
    {
        _target = target;
        TemporaryPath = temporary;
        Stream = stream;
    }

    public FileStream Stream { get; }

    private string TemporaryPath { get; }

    public static PendingFile Create(string target, bool ownerOnly)
    {
        var directory = Path.GetDirectoryName(target) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.partial");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = ownerOnly ? BinaryOutput.OwnerOnly : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        try
        {
            return new PendingFile(target, temporary, new FileStream(temporary, options));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write beside '{target}': {e.Message}");
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await Stream.FlushAsync(ct);
        Stream.Flush(flushToDisk: true);
        await Stream.DisposeAsync();
        File.Move(TemporaryPath, _target, overwrite: true);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        if (!_committed) File.Delete(TemporaryPath);
    }
}
