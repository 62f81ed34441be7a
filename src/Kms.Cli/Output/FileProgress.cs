using Spectre.Console;

namespace Kms.Cli.Output;

/// <summary>
/// A Spectre.Console progress bar on stderr while a file is encrypted or decrypted, only when stderr is a terminal (a
/// script's stderr stays clean). With no known total (a pipe) the bar is indeterminate and shows the bytes done.
/// </summary>
internal static class FileProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports the bytes it has done through the action it is given.</summary>
    public static async Task<T> Show<T>(CliEnvironment env, string label, long total, Func<Action<long>, Task<T>> work)
    {
        if (!env.StderrIsTerminal) return await work(_ => { });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(env.Stderr) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: Math.Max(total, 1));
                task.IsIndeterminate = total <= 0;
                var result = await work(bytes => task.Increment(bytes));
                task.Value = task.MaxValue;
                return result;
            });
    }
}
