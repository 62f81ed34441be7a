using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kms.Actors.MasterKey;

namespace Kms.Node.Configuration;

/// <summary>
/// Development mode, like <c>vault server -dev</c>: a data directory with a random auth key, a random
/// passphrase and a self-signed certificate for localhost, all owner-only, made once and reused.
/// Only <c>--dev</c> generates anything; production settings never do. A directory whose secrets group or
/// others can read is refused rather than reused: the keys they protect may already be exposed.
/// </summary>
public sealed record DevEnvironment(string DataDirectory, string AuthKeyPath, string Passphrase, string CertificatePath, string CertificateKeyPath)
{
    public const string DefaultDirectory = ".kms-dev";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static DevEnvironment Prepare(string dataDirectory)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        RefuseIfExposed(dataDirectory);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dataDirectory);
        else Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var authKeyPath = Path.Combine(dataDirectory, "auth.key");
        var passphrasePath = Path.Combine(dataDirectory, "passphrase");
        var certificatePath = Path.Combine(dataDirectory, "tls.crt");
        var keyPath = Path.Combine(dataDirectory, "tls.key");

        CreateOnce(authKeyPath, () => RandomToken(64) + "\n");
        CreateOnce(passphrasePath, () => RandomToken(48) + "\n");
        if (!File.Exists(certificatePath) || !File.Exists(keyPath) || IsCertificateAuthority(certificatePath))
        {
            var (certificate, key) = SelfSignedCertificate();
            DurableFile.WriteAllText(keyPath, key, OwnerOnly);
            DurableFile.WriteAllText(certificatePath, certificate, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return new DevEnvironment(dataDirectory, authKeyPath, File.ReadAllText(passphrasePath).TrimEnd('\n', '\r'), certificatePath, keyPath);
    }

    /// <summary>Gives the settings left unset this directory's files and passphrase.</summary>
    public void FillIn(NodeOptions options)
    {
        if (!NodeOptions.IsSet(options.DataDirectory)) options.DataDirectory = DataDirectory;
        if (string.IsNullOrEmpty(options.Passphrase)) options.Passphrase = Passphrase;
        if (!NodeOptions.IsSet(options.AuthKeyPath)) options.AuthKeyPath = AuthKeyPath;
        if (!NodeOptions.IsSet(options.CertificatePath)) options.CertificatePath = CertificatePath;
        if (!NodeOptions.IsSet(options.CertificateKeyPath)) options.CertificateKeyPath = CertificateKeyPath;
    }

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                               | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// The directory must be owner-only (which guards every file in it, the journal and logs included), and so must
    /// the secrets in it, which could be copied elsewhere with their modes.
    /// </summary>
    private static void RefuseIfExposed(string dataDirectory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(dataDirectory)) return;
        var exposed = new List<string>();
        if ((File.GetUnixFileMode(dataDirectory) & GroupOrOthers) != 0) exposed.Add(dataDirectory);
        foreach (var name in new[] { "auth.key", "passphrase", "tls.key" })
        {
            var file = Path.Combine(dataDirectory, name);
            if (File.Exists(file) && (File.GetUnixFileMode(file) & GroupOrOthers) != 0) exposed.Add(file);
        }
        if (exposed.Count > 0)
            throw new InvalidConfigurationException(exposed.Select(path =>
                $"{path} is accessible by group or others: development mode will not reuse it (make it owner-only with chmod, or delete the directory to start afresh).").ToList());
    }

    /// <summary>Directories made by older versions hold a CA certificate; it is replaced by a leaf one.</summary>
    private static bool IsCertificateAuthority(string certificatePath)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority);
    }

    private static void CreateOnce(string path, Func<string> contents)
    {
        if (!File.Exists(path)) DurableFile.WriteAllText(path, contents(), OwnerOnly);
    }

    private static string RandomToken(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    private static (string Certificate, string Key) SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        // A leaf for localhost only: trusting it (kms --dev-dir, curl --cacert) must not trust anything it could sign.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        return (certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }
}
