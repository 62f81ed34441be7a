using Kms.Actors.Keys;
using Kms.Hsm;
using Kms.Actors.Persistence;
using Microsoft.Extensions.Configuration;

namespace Kms.Node.Configuration;

/// <summary>
/// Everything a node needs, read from the go-kms variables (<c>GOKMS_*</c>, kept with their meaning) and
/// from .NET configuration (<c>appsettings.json</c>, overridden by <c>Kms__Section__Name</c>).
/// </summary>
public sealed record NodeSettings
{
    public const int MinimumPassphraseLength = 10;
    public const int MinimumSharedKeyBytes = Kms.Gateway.Auth.PrincipalsFile.MinimumSecretBytes;

    public required string DataDirectory { get; init; }
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required string CertificatePath { get; init; }
    public required string CertificateKeyPath { get; init; }
    public required string AuthKeyPath { get; init; }
    public string? PrincipalsFile { get; init; }
    public required string CryptoProvider { get; init; }
    public required string Passphrase { get; init; }
    public HsmSettings? Hsm { get; init; }
    public required PersistenceSettings Persistence { get; init; }
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);
    public bool RequireContentHash { get; init; }
    public bool AllowGroupReadableSecretFiles { get; init; }
    public long MaxBodyBytes { get; init; } = 64 * 1024;
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.FromMinutes(2);
    public long ReleaseMemoryAfterKeys { get; init; } = 10_000;
    public TimeSpan CatalogRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan LeaseDuration { get; init; } = KeyShardOptions.DefaultLeaseDuration;
    public string ClusterHostname { get; init; } = "127.0.0.1";
    public int ClusterPort { get; init; }
    public string? ClusterPublicHostname { get; init; }
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    public string? ClusterTlsCertificatePath { get; init; }
    public string? ClusterTlsCertificatePassword { get; init; }
    public bool AllowPlaintextRemoting { get; init; }
    public TimeSpan DowningStableAfter { get; init; } = TimeSpan.FromSeconds(7);
    public bool IsMultiNode => SeedNodes.Count > 0;
    public bool DevMode { get; init; }
    public KeyArns Arns { get; init; } = KeyArns.Default;

    /// <summary>Reads the settings; every missing or invalid one is reported at once in the exception.</summary>
    public static NodeSettings Load(IConfiguration config, DevEnvironment? dev)
    {
        var problems = new List<string>();
        string Required(string name, string? devValue)
        {
            var value = config[name];
            if (string.IsNullOrWhiteSpace(value)) value = devValue;
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"{name} is not set.");
            return value ?? "";
        }

        var dataDirectory = Path.GetFullPath(Required("GOKMS_KSMC_PATH", dev?.DataDirectory));
        var provider = (config["GOKMS_CRYPTO_PROVIDER"] ?? "gokms").Trim().ToLowerInvariant();
        if (provider is not ("gokms" or "hsm")) problems.Add($"GOKMS_CRYPTO_PROVIDER must be gokms or hsm, not '{provider}'.");
        var passphrase = config["GOKMS_KSMC_PASSPHRASE"];
        if (string.IsNullOrEmpty(passphrase)) passphrase = dev?.Passphrase;
        if (provider == "hsm")
        {
            // HSM mode needs no passphrase; one given anyway only matters for migrating from software keys.
        }
        else if (string.IsNullOrEmpty(passphrase)) problems.Add("GOKMS_KSMC_PASSPHRASE is not set.");
        else if (passphrase.Length < MinimumPassphraseLength) problems.Add($"GOKMS_KSMC_PASSPHRASE must be at least {MinimumPassphraseLength} characters.");
        var hsm = provider == "hsm" ? LoadHsm(config, problems) : null;

        var portText = config["GOKMS_PORT"] ?? "8011";
        if (!int.TryParse(portText, out var port) || port is < 0 or > 65535) problems.Add($"GOKMS_PORT '{portText}' is not a port number.");

        var settings = new NodeSettings
        {
            DataDirectory = dataDirectory,
            Host = config["GOKMS_HOST"] is { Length: > 0 } host ? host : "localhost",
            Port = port,
            PrincipalsFile = config["Kms:Auth:PrincipalsFile"] is { Length: > 0 } principals ? principals : null,
            AuthKeyPath = config["Kms:Auth:PrincipalsFile"] is { Length: > 0 } && string.IsNullOrEmpty(config["GOKMS_AUTH_KEY"]) && dev is null
                ? ""
                : Required("GOKMS_AUTH_KEY", dev?.AuthKeyPath),
            CertificatePath = Required("GOKMS_SSL_CERT", dev?.CertificatePath),
            CertificateKeyPath = Required("GOKMS_SSL_KEY", dev?.CertificateKeyPath),
            CryptoProvider = provider,
            Passphrase = passphrase ?? "",
            Hsm = hsm,
            Persistence = LoadPersistence(config, dataDirectory, problems),
            AllowedClockSkew = config.GetValue("Kms:Auth:AllowedClockSkew", TimeSpan.FromMinutes(5)),
            RequireContentHash = config.GetValue("Kms:Auth:RequireContentHash", false),
            AllowGroupReadableSecretFiles = config.GetValue("Kms:Auth:AllowGroupReadableSecretFiles", false),
            MaxBodyBytes = config.GetValue("Kms:Api:MaxBodyBytes", 64L * 1024),
            AskTimeout = config.GetValue("Kms:Api:KeyTimeout", TimeSpan.FromSeconds(5)),
            PassivateIdleAfter = config.GetValue("Kms:Keys:PassivateIdleAfter", TimeSpan.FromMinutes(2)),
            ReleaseMemoryAfterKeys = config.GetValue("Kms:Keys:ReleaseMemoryAfter", 10_000L),
            CatalogRefreshInterval = config.GetValue("Kms:Keys:CatalogRefreshInterval", TimeSpan.FromSeconds(2)),
            ClusterHostname = config["Kms:Cluster:Hostname"] is { Length: > 0 } clusterHost ? clusterHost : "127.0.0.1",
            ClusterPort = config.GetValue("Kms:Cluster:Port", 0),
            ClusterPublicHostname = config["Kms:Cluster:PublicHostname"] is { Length: > 0 } publicHost ? publicHost : null,
            SeedNodes = config.GetSection("Kms:Cluster:SeedNodes").GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToList(),
            ClusterTlsCertificatePath = config["Kms:Cluster:Tls:CertificatePath"] is { Length: > 0 } tls ? tls : null,
            ClusterTlsCertificatePassword = config["Kms:Cluster:Tls:CertificatePassword"],
            AllowPlaintextRemoting = config.GetValue("Kms:Cluster:AllowPlaintextRemoting", false),
            DowningStableAfter = config.GetValue("Kms:Cluster:DowningStableAfter", TimeSpan.FromSeconds(7)),
            DevMode = dev is not null,
            Arns = new KeyArns(
                config["Kms:Aws:Region"] is { Length: > 0 } region ? region : KeyArns.Default.Region,
                config["Kms:Aws:AccountId"] is { Length: > 0 } account ? account : KeyArns.Default.AccountId),
        };
        if (settings.AuthKeyPath.Length > 0 && !File.Exists(settings.AuthKeyPath)) problems.Add($"GOKMS_AUTH_KEY: no file at {settings.AuthKeyPath}.");
        if (settings.CertificatePath.Length > 0 && !File.Exists(settings.CertificatePath)) problems.Add($"GOKMS_SSL_CERT: no file at {settings.CertificatePath}.");
        if (settings.CertificateKeyPath.Length > 0 && !File.Exists(settings.CertificateKeyPath)) problems.Add($"GOKMS_SSL_KEY: no file at {settings.CertificateKeyPath}.");
        // A change may wait a lease duration: unset, it stays well inside the time a request waits for its key.
        settings = settings with { LeaseDuration = config.GetValue<TimeSpan?>("Kms:Keys:LeaseDuration")
            ?? (KeyShardOptions.DefaultLeaseDuration < settings.AskTimeout / 2 ? KeyShardOptions.DefaultLeaseDuration : settings.AskTimeout / 2) };
        if (settings.LeaseDuration < TimeSpan.Zero || settings.LeaseDuration >= settings.AskTimeout)
            problems.Add("Kms__Keys__LeaseDuration must be zero (no leases) or positive and shorter than Kms__Api__KeyTimeout: a change may wait for it.");
        CheckSecretFiles(settings, problems);
        CheckDataDirectory(settings, problems);
        if (settings.IsMultiNode && settings.Persistence.Provider == PersistenceSettings.Sqlite)
            problems.Add("A cluster of several nodes needs a shared journal: set Kms__Persistence__Provider=postgres (each node would have its own SQLite journal).");
        if (settings.IsMultiNode && settings.ClusterTlsCertificatePath is null && !settings.AllowPlaintextRemoting)
            problems.Add("Remoting carries plaintexts between nodes: set Kms__Cluster__Tls__CertificatePath (PKCS#12), or Kms__Cluster__AllowPlaintextRemoting=true to accept the risk.");
        if (settings.ClusterTlsCertificatePath is { } certificate && !File.Exists(certificate))
            problems.Add($"Kms__Cluster__Tls__CertificatePath: no file at {certificate}.");
        if (problems.Count > 0) throw new InvalidConfigurationException(problems);
        return settings;
    }

    /// <summary>
    /// The auth key and the TLS private key are secrets: like ssh with its keys, a file that group or others may read
    /// is refused, and so is a shared key too short to resist guessing. Messages name the file, never its contents.
    /// <c>Kms:Auth:AllowGroupReadableSecretFiles</c> lets the group read them, for Kubernetes, whose kubelet makes
    /// secret files group-readable (by the pod's own fsGroup) whatever mode they are given.
    /// </summary>
    private static void CheckSecretFiles(NodeSettings settings, List<string> problems)
    {
        var refused = settings.AllowGroupReadableSecretFiles ? GroupOrOthers & ~UnixFileMode.GroupRead : GroupOrOthers;
        foreach (var (name, path) in new[] { ("GOKMS_AUTH_KEY", settings.AuthKeyPath), ("GOKMS_SSL_KEY", settings.CertificateKeyPath) })
        {
            if (path.Length > 0 && File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & refused) != 0)
                problems.Add($"{name}: {path} is readable or writable by group or others; make it owner-only (chmod 600).");
        }
        if (settings.AuthKeyPath.Length == 0 || !File.Exists(settings.AuthKeyPath)) return;
        var length = TrimmedLength(File.ReadAllBytes(settings.AuthKeyPath));
        if (length == 0) problems.Add($"GOKMS_AUTH_KEY: {settings.AuthKeyPath} is empty.");
        else if (length < MinimumSharedKeyBytes)
            problems.Add($"GOKMS_AUTH_KEY: the key in {settings.AuthKeyPath} is shorter than {MinimumSharedKeyBytes} bytes; make a strong one (openssl rand -hex 32).");
    }

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private const UnixFileMode GroupAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;

    private const UnixFileMode OthersAccess = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// With SQLite the data directory holds the journal (<c>kms.db</c> and its WAL, made with the default umask) and
    /// <c>master-key.json</c>: an existing one that group or others may list, enter or change is refused, as the dev
    /// directory is; a new one is made owner-only. <c>Kms:Auth:AllowGroupReadableSecretFiles</c> lets the group in,
    /// for a Kubernetes volume the kubelet hands to the pod's own fsGroup.
    /// </summary>
    private static void CheckDataDirectory(NodeSettings settings, List<string> problems)
    {
        if (settings.Persistence.Provider != PersistenceSettings.Sqlite || OperatingSystem.IsWindows() || !Directory.Exists(settings.DataDirectory)) return;
        var refused = settings.AllowGroupReadableSecretFiles ? OthersAccess : GroupAccess | OthersAccess;
        if ((File.GetUnixFileMode(settings.DataDirectory) & refused) != 0)
            problems.Add($"GOKMS_KSMC_PATH: {settings.DataDirectory} is accessible by group or others, and so would be the journal in it; make it owner-only (chmod 700).");
    }

    private static HsmSettings LoadHsm(IConfiguration config, List<string> problems)
    {
        var library = config["GOKMS_HSM_LIB"];
        if (string.IsNullOrWhiteSpace(library)) problems.Add("GOKMS_HSM_LIB is not set (the path of the PKCS#11 library).");
        var label = config["GOKMS_HSM_AES_KEYID"];
        if (string.IsNullOrWhiteSpace(label)) problems.Add("GOKMS_HSM_AES_KEYID is not set (the label of the AES key in the token).");
        var slotText = config["GOKMS_HSM_SLOT"];
        ulong? slot = null;
        if (!string.IsNullOrWhiteSpace(slotText))
        {
            if (ulong.TryParse(slotText.Trim(), out var parsed)) slot = parsed;
            else problems.Add($"GOKMS_HSM_SLOT '{slotText}' is not a slot number.");
        }
        var tokenLabel = config["Kms:Hsm:TokenLabel"];
        if (slot is null && string.IsNullOrWhiteSpace(tokenLabel) && string.IsNullOrWhiteSpace(slotText))
            problems.Add("Set GOKMS_HSM_SLOT (slot id) or Kms__Hsm__TokenLabel (token label).");
        return new HsmSettings(library ?? "", slot, string.IsNullOrWhiteSpace(tokenLabel) ? null : tokenLabel.Trim(),
            config["GOKMS_HSM_SLOT_PIN"], label ?? "", config.GetValue("Kms:Hsm:CreateKeyIfMissing", false));
    }

    private static PersistenceSettings LoadPersistence(IConfiguration config, string dataDirectory, List<string> problems)
    {
        var provider = (config["Kms:Persistence:Provider"] ?? PersistenceSettings.Sqlite).Trim().ToLowerInvariant();
        var connectionString = config["Kms:Persistence:ConnectionString"];
        switch (provider)
        {
            case PersistenceSettings.Sqlite:
                return string.IsNullOrWhiteSpace(connectionString)
                    ? PersistenceSettings.ForSqliteFile(Path.Combine(dataDirectory, "kms.db"))
                    : new PersistenceSettings(provider, connectionString);
            case PersistenceSettings.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    problems.Add("Kms__Persistence__ConnectionString is required with the postgres provider.");
                    return new PersistenceSettings(provider, "");
                }
                try
                {
                    return PersistenceSettings.ForPostgres(connectionString);
                }
                catch (ArgumentException)
                {
                    // Npgsql's message can quote part of the string, and the string can hold a password.
                    problems.Add("Kms__Persistence__ConnectionString is not a PostgreSQL connection string Npgsql can read (Key=Value pairs separated by ';'; its text is not repeated here).");
                    return new PersistenceSettings(provider, "");
                }
            default:
                problems.Add($"Kms__Persistence__Provider must be sqlite or postgres, not '{provider}'.");
                return new PersistenceSettings(provider, "");
        }
    }

    /// <summary>The shared key: the auth key file's bytes, without one trailing newline.</summary>
    public byte[] ReadAuthKey()
    {
        var bytes = File.ReadAllBytes(AuthKeyPath);
        var length = TrimmedLength(bytes);
        if (length == 0) throw new InvalidConfigurationException([$"GOKMS_AUTH_KEY: {AuthKeyPath} is empty."]);
        var key = bytes[..length];
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        return key;
    }

    private static int TrimmedLength(byte[] bytes)
    {
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n') length--;
        if (length > 0 && bytes[length - 1] == '\r') length--;
        return length;
    }
}
