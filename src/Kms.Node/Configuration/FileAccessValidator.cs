using Kms.Actors.Persistence;
using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

/// <summary>
/// The auth key and the TLS private key are secrets: like ssh with its keys, a file that group or others may read
/// is refused, and so is a shared key too short to resist guessing. Messages name the file, never its contents.
/// With SQLite the data directory holds the journal (<c>kms.db</c> and its WAL, made with the default umask) and
/// <c>master-key.json</c>: an existing one that group or others may list, enter or change is refused, as the dev
/// directory is; a new one is made owner-only. <c>Kms:Auth:AllowGroupReadableSecretFiles</c> lets the group read
/// them, for Kubernetes, whose kubelet makes secret files and volumes group-readable (by the pod's own fsGroup)
/// whatever mode they are given.
/// </summary>
public sealed class FileAccessValidator : IValidateOptions<NodeOptions>
{
    public const int MinimumSharedKeyBytes = Kms.Gateway.Auth.PrincipalsFile.MinimumSecretBytes;

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
    private const UnixFileMode GroupAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
    private const UnixFileMode OthersAccess = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var problems = new List<string>();
        CheckSecretFiles(options, problems);
        CheckDataDirectory(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckSecretFiles(NodeOptions options, List<string> problems)
    {
        var authKeyPath = options.NeedsAuthKey ? options.AuthKeyPath : null;
        var refused = options.Kms.Auth.AllowGroupReadableSecretFiles ? GroupOrOthers & ~UnixFileMode.GroupRead : GroupOrOthers;
        foreach (var (name, path) in new[] { ("GOKMS_AUTH_KEY", authKeyPath), ("GOKMS_SSL_KEY", options.CertificateKeyPath) })
        {
            if (NodeOptions.IsSet(path) && File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & refused) != 0)
                problems.Add($"{name}: {path} is readable or writable by group or others; make it owner-only (chmod 600).");
        }
        if (!NodeOptions.IsSet(authKeyPath) || !File.Exists(authKeyPath)) return;
        var length = NodeSettings.TrimmedLength(File.ReadAllBytes(authKeyPath));
        if (length == 0) problems.Add($"GOKMS_AUTH_KEY: {authKeyPath} is empty.");
        else if (length < MinimumSharedKeyBytes)
            problems.Add($"GOKMS_AUTH_KEY: the key in {authKeyPath} is shorter than {MinimumSharedKeyBytes} bytes; make a strong one (openssl rand -hex 32).");
    }

    private static void CheckDataDirectory(NodeOptions options, List<string> problems)
    {
        var directory = options.DataDirectory;
        if (options.Kms.Persistence.ProviderName != PersistenceSettings.Sqlite || OperatingSystem.IsWindows()
            || !NodeOptions.IsSet(directory) || !Directory.Exists(directory)) return;
        var refused = options.Kms.Auth.AllowGroupReadableSecretFiles ? OthersAccess : GroupAccess | OthersAccess;
        if ((File.GetUnixFileMode(directory) & refused) != 0)
            problems.Add($"GOKMS_KSMC_PATH: {directory} is accessible by group or others, and so would be the journal in it; make it owner-only (chmod 700).");
    }
}
