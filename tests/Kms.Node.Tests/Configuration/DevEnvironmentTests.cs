using System.Security.Cryptography.X509Certificates;
using Kms.Node.Configuration;

namespace Kms.Node.Tests.Configuration;

public sealed class DevEnvironmentTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    private string DevDirectory => Path.Combine(_directory.Path, ".kms-dev");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_development_certificate_is_a_leaf_for_localhost_that_can_sign_no_other_certificate()
    {
        var dev = DevEnvironment.Prepare(DevDirectory);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(dev.CertificatePath));

        var constraints = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(constraints.CertificateAuthority);
        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.False(usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.False(usage.KeyUsages.HasFlag(X509KeyUsageFlags.CrlSign));
        var names = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.False(certificate.MatchesHostname("example.com"));
    }

    [Fact]
    public void A_development_directory_whose_secrets_others_can_read_is_not_reused()
    {
        if (OperatingSystem.IsWindows()) return;
        var dev = DevEnvironment.Prepare(DevDirectory);
        // A log beside the data, as bench/run-local.sh writes it, is guarded by the owner-only directory.
        File.WriteAllText(Path.Combine(DevDirectory, "node.log"), "");
        File.SetUnixFileMode(Path.Combine(DevDirectory, "node.log"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Equal(dev.Passphrase, DevEnvironment.Prepare(DevDirectory).Passphrase);

        File.SetUnixFileMode(dev.AuthKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var error = Assert.Throws<InvalidConfigurationException>(() => DevEnvironment.Prepare(DevDirectory));
        Assert.Contains(error.Problems, p => p.Contains(dev.AuthKeyPath) && p.Contains("group or others"));
        Assert.DoesNotContain(File.ReadAllText(dev.AuthKeyPath).Trim(), error.Message);

        File.SetUnixFileMode(dev.AuthKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(DevDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Assert.Throws<InvalidConfigurationException>(() => DevEnvironment.Prepare(DevDirectory));
    }

    [Fact]
    public void A_CA_certificate_left_by_an_older_version_is_replaced_by_a_leaf()
    {
        var dev = DevEnvironment.Prepare(DevDirectory);
        using (var key = System.Security.Cryptography.ECDsa.Create())
        {
            var request = new CertificateRequest("CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var old = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(dev.CertificatePath, old.ExportCertificatePem());
        }

        DevEnvironment.Prepare(DevDirectory);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(dev.CertificatePath));
        Assert.False(Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
    }
}
