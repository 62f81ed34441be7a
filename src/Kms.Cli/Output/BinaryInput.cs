namespace Kms.Cli.Output;

/// <summary>Reads a command's input (<c>--in FILE</c>, or stdin for <c>-</c> or no option), bounded so a wrong file cannot exhaust memory.</summary>
internal static class BinaryInput
{
    public static async Task<byte[]> ReadAll(CliEnvironment env, string? path, int maxBytes, string tooLargeAdvice, CancellationToken ct)
    {
        await using var owned = path is null or "-" ? null : OpenFile(env, path);
        var input = owned ?? env.Stdin;
        var buffer = new byte[maxBytes + 1];
        var read = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        if (read > maxBytes) throw new UsageException($"the input is larger than {maxBytes} bytes; {tooLargeAdvice}");
        return buffer[..read];
    }

    public static FileStream OpenFile(CliEnvironment env, string path)
    {
        try
        {
            return new FileStream(env.FullPath(path), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{path}': {e.Message}");
        }
    }
}
