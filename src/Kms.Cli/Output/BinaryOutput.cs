namespace Kms.Cli.Output;

/// <summary>Writes a command's result to <c>--out FILE</c>, or stdout for <c>-</c> or no option. Files holding secrets are created owner-only.</summary>
internal static class BinaryOutput
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task Write(CliEnvironment env, StdoutText stdout, string? path, ReadOnlyMemory<byte> bytes, bool secret, CancellationToken ct)
    {
        if (path is null or "-")
        {
            await stdout.WriteBytes(bytes, ct);
            return;
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        FileStream file;
        try
        {
            file = new FileStream(env.FullPath(path), options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write '{path}': {e.Message}");
        }
        await using (file) await file.WriteAsync(bytes, ct);
    }
}
