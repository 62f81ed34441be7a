using Kms.Cli.Arguments;

namespace Kms.Cli.Commands;

/// <summary>Options every command takes: where the service is, how to trust it, and how to print.</summary>
internal static class GlobalOptions
{
    public static readonly IReadOnlyList<OptionSpec> All =
    [
        new("url", "the Kms base URL (overrides GOKMSCLI_URL)", "URL"),
        new("auth-key-file", "file holding the shared HMAC key (overrides GOKMSCLI_AUTHKEY)", "FILE"),
        new("ca-cert", "trust exactly this PEM certificate (the server's, or its CA)", "FILE"),
        new("dev-dir", "a development node's directory (auth.key, tls.crt; https://localhost:$GOKMS_PORT or 8011)", "DIR"),
        new("output", "table (default) or json", "FORMAT", "o"),
        new("help", "show help", ShortName: "h"),
    ];

    public static bool TakesValue(string arg)
    {
        if (arg.Contains('=')) return false;
        var isLong = arg.StartsWith("--", StringComparison.Ordinal);
        var name = arg.TrimStart('-');
        return All.Any(o => o.TakesValue && (isLong ? o.Name == name : o.ShortName == name));
    }
}
