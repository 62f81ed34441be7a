using System.Text;
using System.Text.Json.Nodes;

namespace Kms.Cli.Tests.Support;

/// <summary>What one in-process run of <c>kms</c> exited with and wrote.</summary>
public sealed record CliResult(int ExitCode, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new Xunit.Sdk.XunitException("stdout is JSON null");

    /// <summary>Fails with what the tool said unless it exited 0.</summary>
    public CliResult Ok()
    {
        if (ExitCode != 0) throw new Xunit.Sdk.XunitException($"kms exited {ExitCode}: {Stderr}");
        return this;
    }

    /// <summary>Fails unless the tool exited with <paramref name="code"/> and one line on stderr starting with <paramref name="stderrStart"/>.</summary>
    public CliResult Failed(int code, string stderrStart)
    {
        if (ExitCode != code || !Stderr.StartsWith(stderrStart, StringComparison.Ordinal) || Stderr.TrimEnd('\n').Contains('\n'))
            throw new Xunit.Sdk.XunitException($"Expected exit {code} and one stderr line starting with '{stderrStart}', got exit {ExitCode}: {Stderr}");
        return this;
    }
}
