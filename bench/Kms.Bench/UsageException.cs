namespace Kms.Bench;

/// <summary>A bad command line: the message is printed on one line and the bench exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
