namespace Kms.Cli;

/// <summary>Everything a run of <c>kms</c> reads from or writes to outside its arguments, so tests can supply their own.</summary>
internal sealed record CliEnvironment(
    Stream Stdin,
    TextWriter Stderr,
    IDictionary<string, string?> Variables,
    string WorkingDirectory,
    bool StderrIsTerminal,
    bool StdoutIsTerminal = false)
{
    public string? Variable(string name) =>
        Variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
