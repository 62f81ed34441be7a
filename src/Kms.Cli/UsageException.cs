namespace Kms.Cli;

/// <summary>The command line (or a file it names) cannot be used; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
