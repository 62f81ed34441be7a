namespace Kms.Cli.Connection;

/// <summary>The service could not be reached or its certificate is not trusted; exit code 3.</summary>
internal sealed class ConnectionException(string message) : Exception(message);
