using System.Diagnostics;
using System.Globalization;

namespace Kms.Cli.Output;

/// <summary>
/// A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr is not a terminal. With
/// no known total (a pipe) it shows the bytes done.
/// </summary>
internal sealed class ProgressBar(TextWriter stderr, string label, long total, bool enabled)
{
    private const int Width = 30;
    private readonly Stopwatch _sinceDrawn = Stopwatch.StartNew();
    private long _done;
    private bool _drawn;

    public void Advance(long bytes)
    {
        _done += bytes;
        if (!enabled || _sinceDrawn.ElapsedMilliseconds < 100) return;
        Draw();
    }

    /// <summary>Draws the final state and ends the line, so what follows on stderr starts clean.</summary>
    public void Finish()
    {
        if (!enabled || !_drawn) return;
        Draw();
        stderr.WriteLine();
        stderr.Flush();
    }

    private void Draw()
    {
        _sinceDrawn.Restart();
        _drawn = true;
        if (total <= 0)
        {
            stderr.Write($"\r{label} {Mebibytes(_done)} MiB");
        }
        else
        {
            var fraction = Math.Min(1.0, (double)_done / total);
            var filled = (int)(fraction * Width);
            var bar = new string('#', filled) + new string('-', Width - filled);
            stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\r{label} [{bar}] {fraction * 100,3:0}% {Mebibytes(_done)}/{Mebibytes(total)} MiB"));
        }
        stderr.Flush();
    }

    private static string Mebibytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
