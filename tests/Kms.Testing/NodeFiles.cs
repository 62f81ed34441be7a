using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kms.Testing;

/// <summary>The files and settings a production-mode node needs, made for one test in its own directory.</summary>
public sealed class NodeFiles
{
    public NodeFiles(string root, string? passphrase = null)
    {
        Root = root;
        DataDirectory = System.IO.Path.Combine(root, "data");
        AuthKeyPath = System.IO.Path.Combine(root, "auth.key");
        CertificatePath = System.IO.Path.Combine(root, "tls.crt");
        CertificateKeyPath = System.IO.Path.Combine(root, "tls.key");
        Passphrase = passphrase ?? "correct horse battery staple";
        if (!File.Exists(AuthKeyPath)) WriteOwnerOnly(AuthKeyPath, RandomNumberGenerator.GetHexString(64, lowercase: true) + "\n");
        if (!File.Exists(CertificatePath)) WriteCertificate();
        AuthKey = File.ReadAllText(AuthKeyPath).TrimEnd('\n');
        Certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
    }

    public string Root { get; }
    public string DataDirectory { get; }
    public string AuthKeyPath { get; }
    public string CertificatePath { get; }
    public string CertificateKeyPath { get; }
    public string Passphrase { get; }
    public string AuthKey { get; }
    public X509Certificate2 Certificate { get; }

    /// <summary>Settings as the go-kms environment variables name them.</summary>
    public Dictionary<string, string?> Settings(int port, string? passphrase = null) => new()
    {
        ["GOKMS_AUTH_KEY"] = AuthKeyPath,
        ["GOKMS_CRYPTO_PROVIDER"] = "gokms",
        ["GOKMS_HOST"] = "127.0.0.1",
        ["GOKMS_PORT"] = port.ToString(),
        ["GOKMS_SSL_CERT"] = CertificatePath,
        ["GOKMS_SSL_KEY"] = CertificateKeyPath,
        ["GOKMS_KSMC_PATH"] = DataDirectory,
        ["GOKMS_KSMC_PASSPHRASE"] = passphrase ?? Passphrase,
        // One warm-up round: the warm-up still runs in every test, without its seconds.
        ["Kms:WarmUp:MaxDuration"] = "00:00:00.001",
    };

    private static readonly HashSet<int> PortsGiven = [];

    /// <summary>
    /// A port free on 127.0.0.1 now, and never one given before in this process: the kernel can hand the
    /// same ephemeral port out twice once it is released, and a node given one port for HTTP and the same
    /// one for remoting cannot start.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (PortsGiven)
                if (PortsGiven.Add(port)) return port;
        }
    }

    private void WriteCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        WriteOwnerOnly(CertificateKeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Secrets as an operator keeps them: the node refuses a key file that group or others can read.</summary>
    public static void WriteOwnerOnly(string path, string contents)
    {
        File.WriteAllText(path, contents);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
