using System.Text;

namespace Kms.Cli.Output;

/// <summary>Standard output for both text (tables, JSON) and raw bytes, keeping them in order.</summary>
internal sealed class StdoutText(Stream stdout)
{
    private StreamWriter? _writer;

    public TextWriter Writer => _writer ??= new StreamWriter(stdout, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };

    public async Task WriteBytes(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (_writer is not null) await _writer.FlushAsync(ct);
        await stdout.WriteAsync(bytes, ct);
    }

    public async Task FlushAsync()
    {
        if (_writer is not null) await _writer.FlushAsync();
        await stdout.FlushAsync();
    }
}
