using Kms.Cli.Arguments;

namespace Kms.Cli.Commands;

/// <summary>Options every command takes, before or after its name: where the service is, how to trust it, and how to print.</summary>
internal static class GlobalOptions
{
    public static readonly IReadOnlyList<OptionSpec> All =
    [
        new("url", "the Kms base URL (overrides GOKMSCLI_URL)", "URL"),
        new("auth-key-file", "file holding the shared HMAC key (overrides GOKMSCLI_AUTHKEY)", "FILE"),
        new("ca-cert", "trust exactly this PEM certificate (the server's, or its CA)", "FILE"),
        new("dev-dir", "a development node's directory (auth.key, tls.crt; https://localhost:$GOKMS_PORT or 8011)", "DIR"),
        new("output", "table (default) or json", "FORMAT", "o"),
    ];
}
