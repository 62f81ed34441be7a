namespace Kms.Node.Configuration;

/// <summary>The node cannot start with the settings given; the message lists every problem.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> problems)
    : Exception("Kms cannot start:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
