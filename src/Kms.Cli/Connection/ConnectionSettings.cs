using System.Text;
using Kms.Cli.Arguments;

namespace Kms.Cli.Connection;

/// <summary>
/// Where the service is and how to call it, from the options, the go-kms CLI's variables, or a development node's
/// directory. Options beat <c>--dev-dir</c>, which beats the variables; <c>.kms-dev</c> in the working directory is
/// used only when nothing else names a URL or a key.
/// </summary>
internal sealed record ConnectionSettings(Uri Url, byte[] SharedKey, CertificateTrust Trust)
{
    public const string DefaultDevDirectory = ".kms-dev";
    public const int DefaultDevPort = 8011;

    public static ConnectionSettings Resolve(ParsedArguments args, CliEnvironment env)
    {
        var urlOption = args.Value("url");
        var keyFileOption = args.Value("auth-key-file");
        var devDirectory = DevDirectory(args, env, urlOption ?? env.Variable("GOKMSCLI_URL"), keyFileOption ?? env.Variable("GOKMSCLI_AUTHKEY"));

        var url = urlOption
            ?? (devDirectory is not null ? $"https://localhost:{DevPort(env)}" : null)
            ?? env.Variable("GOKMSCLI_URL")
            ?? throw new UsageException("no Kms to call: set GOKMSCLI_URL and GOKMSCLI_AUTHKEY, give --url and --auth-key-file, or start a development node " +
                                        "(dotnet run --project src/Kms.Node -- --dev) and run kms where its .kms-dev directory is.");

        byte[] key;
        if (keyFileOption is not null) key = ReadKeyFile(env.FullPath(keyFileOption), "--auth-key-file");
        else if (devDirectory is not null) key = ReadKeyFile(Path.Combine(devDirectory, "auth.key"), "the development node's auth key");
        else if (env.Variable("GOKMSCLI_AUTHKEY") is { } shared) key = Encoding.UTF8.GetBytes(shared);
        else throw new UsageException("no auth key: set GOKMSCLI_AUTHKEY (the shared key itself) or give --auth-key-file FILE.");

        var trust = args.Value("ca-cert") is { } caCert ? CertificateTrust.Pinned(env.FullPath(caCert))
            : devDirectory is not null ? CertificateTrust.Pinned(Path.Combine(devDirectory, "tls.crt"))
            : string.Equals(env.Variable("GOKMSCLI_IGNORE_BAD_TLS_CERT"), "true", StringComparison.OrdinalIgnoreCase) ? CertificateTrust.IgnoreErrors
            : CertificateTrust.SystemRoots;

        return new ConnectionSettings(ParseUrl(url), key, trust);
    }

    private static string? DevDirectory(ParsedArguments args, CliEnvironment env, string? url, string? key)
    {
        if (args.Value("dev-dir") is { } given)
        {
            var directory = env.FullPath(given);
            if (!Directory.Exists(directory)) throw new UsageException($"--dev-dir '{given}' does not exist; the development node creates it when it starts.");
            return directory;
        }
        var fallback = Path.Combine(env.WorkingDirectory, DefaultDevDirectory);
        return url is null && key is null && Directory.Exists(fallback) ? fallback : null;
    }

    private static int DevPort(CliEnvironment env)
    {
        var text = env.Variable("GOKMS_PORT");
        if (text is null) return DefaultDevPort;
        return int.TryParse(text, out var port) && port is > 0 and <= 65535 ? port : throw new UsageException($"GOKMS_PORT '{text}' is not a port number.");
    }

    /// <summary>The key file as the node reads it: its bytes, less one trailing newline.</summary>
    private static byte[] ReadKeyFile(string path, string what)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {what} '{path}': {e.Message}");
        }
        if (text.EndsWith("\r\n", StringComparison.Ordinal)) text = text[..^2];
        else if (text.EndsWith('\n')) text = text[..^1];
        if (text.Length == 0) throw new UsageException($"{what} '{path}' is empty.");
        return Encoding.UTF8.GetBytes(text);
    }

    private static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(url.Query))
            throw new UsageException($"the Kms URL must be https://host[:port], not '{text}'.");
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
    }
}
