using Kms.Actors.Keys;
using Kms.Hsm;
using Kms.Actors.Persistence;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kms.Node.Configuration;

/// <summary>
/// Everything a node needs, resolved from validated <see cref="NodeOptions"/>: paths made absolute, defaults
/// applied, text parsed, so the composition of the node reads plain values.
/// </summary>
public sealed record NodeSettings
{
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
    public bool BinaryWire { get; init; } = true;

    /// <summary>How long at most the node runs its hot paths before it reports ready; zero runs none.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);
    public bool IsMultiNode => SeedNodes.Count > 0;
    public bool DevMode { get; init; }
    public KeyArns Arns { get; init; } = KeyArns.Default;

    /// <summary>
    /// Binds and validates <see cref="NodeOptions"/> as the host will (<see cref="NodeOptionsServiceCollectionExtensions.AddNodeOptions"/>),
    /// but now, before anything is written; every problem is reported at once in the exception.
    /// </summary>
    public static NodeSettings Load(IConfiguration config, DevEnvironment? dev)
    {
        using var services = new ServiceCollection().AddNodeOptions(config, dev).Services.BuildServiceProvider();
        try
        {
            return From(services.GetRequiredService<IOptions<NodeOptions>>().Value, devMode: dev is not null);
        }
        catch (OptionsValidationException e)
        {
            throw new InvalidConfigurationException(e.Failures.ToList());
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidConfigurationException([BindingProblem(e)]);
        }
    }

    /// <summary>The binder's message quotes the value, which may be a secret set under the wrong name: only the setting and its type are kept.</summary>
    private static string BindingProblem(InvalidOperationException e) =>
        Regex.Match(e.Message, "at '(?<path>[^']+)' to type '(?<type>[^']+)'") is { Success: true } match
            ? $"{match.Groups["path"].Value.Replace(":", "__")} is not a {match.Groups["type"].Value} (its value is not repeated here)."
            : "A Kms setting does not have the type it needs (its value is not repeated here).";

    /// <summary>The settings the node runs with, from options that passed validation.</summary>
    public static NodeSettings From(NodeOptions options, bool devMode)
    {
        var kms = options.Kms;
        var dataDirectory = options.DataDirectory!;
        return new NodeSettings
        {
            DataDirectory = dataDirectory,
            Host = NodeOptions.IsSet(options.Host) ? options.Host! : "localhost",
            Port = GoKmsOptionsValidator.ParsePort(options.Port)!.Value,
            PrincipalsFile = NodeOptions.IsSet(kms.Auth.PrincipalsFile) ? kms.Auth.PrincipalsFile : null,
            AuthKeyPath = options.NeedsAuthKey ? options.AuthKeyPath! : "",
            CertificatePath = options.CertificatePath!,
            CertificateKeyPath = options.CertificateKeyPath!,
            CryptoProvider = options.Provider,
            Passphrase = options.Passphrase ?? "",
            Hsm = options.UsesHsm
                ? new HsmSettings(options.HsmLibrary!, HsmOptionsValidator.ParseSlot(options.HsmSlot),
                    NodeOptions.IsSet(kms.Hsm.TokenLabel) ? kms.Hsm.TokenLabel!.Trim() : null, options.HsmPin, options.HsmKeyLabel!, kms.Hsm.CreateKeyIfMissing)
                : null,
            Persistence = kms.Persistence.ProviderName == PersistenceSettings.Postgres
                ? PersistenceSettings.ForPostgres(kms.Persistence.ConnectionString!)
                : NodeOptions.IsSet(kms.Persistence.ConnectionString)
                    ? new PersistenceSettings(PersistenceSettings.Sqlite, kms.Persistence.ConnectionString!)
                    : PersistenceSettings.ForSqliteFile(Path.Combine(dataDirectory, "kms.db")),
            AllowedClockSkew = kms.Auth.AllowedClockSkew,
            RequireContentHash = kms.Auth.RequireContentHash,
            AllowGroupReadableSecretFiles = kms.Auth.AllowGroupReadableSecretFiles,
            MaxBodyBytes = kms.Api.MaxBodyBytes,
            AskTimeout = kms.Api.KeyTimeout,
            PassivateIdleAfter = kms.Keys.PassivateIdleAfter,
            ReleaseMemoryAfterKeys = kms.Keys.ReleaseMemoryAfter,
            CatalogRefreshInterval = kms.Keys.CatalogRefreshInterval,
            LeaseDuration = kms.Keys.LeaseDuration
                ?? (KeyShardOptions.DefaultLeaseDuration < kms.Api.KeyTimeout / 2 ? KeyShardOptions.DefaultLeaseDuration : kms.Api.KeyTimeout / 2),
            ClusterHostname = NodeOptions.IsSet(kms.Cluster.Hostname) ? kms.Cluster.Hostname! : "127.0.0.1",
            ClusterPort = kms.Cluster.Port,
            ClusterPublicHostname = NodeOptions.IsSet(kms.Cluster.PublicHostname) ? kms.Cluster.PublicHostname : null,
            SeedNodes = kms.Cluster.SeedNodeAddresses,
            ClusterTlsCertificatePath = NodeOptions.IsSet(kms.Cluster.Tls.CertificatePath) ? kms.Cluster.Tls.CertificatePath : null,
            ClusterTlsCertificatePassword = kms.Cluster.Tls.CertificatePassword,
            AllowPlaintextRemoting = kms.Cluster.AllowPlaintextRemoting,
            DowningStableAfter = kms.Cluster.DowningStableAfter,
            BinaryWire = kms.Cluster.BinaryWire,
            WarmUp = kms.WarmUp.Enabled ? kms.WarmUp.MaxDuration : TimeSpan.Zero,
            DevMode = devMode,
            Arns = new KeyArns(
                NodeOptions.IsSet(kms.Aws.Region) ? kms.Aws.Region! : KeyArns.Default.Region,
                NodeOptions.IsSet(kms.Aws.AccountId) ? kms.Aws.AccountId! : KeyArns.Default.AccountId),
        };
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

    internal static int TrimmedLength(byte[] bytes)
    {
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n') length--;
        if (length > 0 && bytes[length - 1] == '\r') length--;
        return length;
    }
}
