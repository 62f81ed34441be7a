namespace Kms.Node.Configuration;

/// <summary><c>Kms:Api</c>: limits of the HTTP API.</summary>
public sealed class ApiOptions
{
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a request waits for its key's actor before it is answered with an error.</summary>
    public TimeSpan KeyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
