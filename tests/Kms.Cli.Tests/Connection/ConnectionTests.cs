using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Connection;

public class ConnectionTests(KmsToolFixture fixture) : IClassFixture<KmsToolFixture>
{
    private string Url => fixture.Node.Address.ToString();

    private KmsTool With(Dictionary<string, string?> variables, params string[] leadingArgs) =>
        fixture.Kms.With(variables, leadingArgs);

    [Fact]
    public async Task Options_override_the_go_kms_cli_variables()
    {
        var wrong = new Dictionary<string, string?> { ["GOKMSCLI_URL"] = "https://127.0.0.1:1", ["GOKMSCLI_AUTHKEY"] = "not the key" };
        var cli = With(wrong, "--url", Url, "--auth-key-file", fixture.Files.AuthKeyPath, "--ca-cert", fixture.Files.CertificatePath);
        (await cli.Run("keys", "list")).Ok();
    }

    [Fact]
    public async Task The_variables_alone_reach_a_self_signed_node_when_told_to_ignore_bad_certificates()
    {
        var variables = fixture.Variables;
        variables["GOKMSCLI_IGNORE_BAD_TLS_CERT"] = "true";
        (await With(variables).Run("keys", "list")).Ok();
    }

    [Fact]
    public async Task A_self_signed_certificate_nobody_trusts_exits_3()
    {
        var result = (await With(fixture.Variables).Run("keys", "list")).Failed(3, $"kms: TLS with {Url} failed: the server's certificate is not trusted by this system");
        Assert.Contains("--ca-cert", result.Stderr);
    }

    [Fact]
    public async Task A_ca_cert_that_is_not_the_servers_exits_3()
    {
        using var directory = new TestDirectory();
        var other = directory.File("other.crt");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(other, certificate.ExportCertificatePem());
        }
        (await With(fixture.Variables, "--ca-cert", other).Run("keys", "list"))
            .Failed(3, $"kms: TLS with {Url} failed: the server's certificate is neither the one in '{other}' nor issued by it");
    }

    [Fact]
    public async Task A_wrong_auth_key_exits_1_with_the_services_error_type()
    {
        var variables = fixture.Variables;
        variables["GOKMSCLI_AUTHKEY"] = "an-entirely-different-key";
        (await With(variables, "--ca-cert", fixture.Files.CertificatePath).Run("keys", "list")).Failed(1, "kms: InvalidSignatureException: ");
    }

    [Fact]
    public async Task Nothing_listening_exits_3()
    {
        var port = NodeFiles.FreePort();
        var variables = new Dictionary<string, string?> { ["GOKMSCLI_URL"] = $"https://127.0.0.1:{port}", ["GOKMSCLI_AUTHKEY"] = "k" };
        (await With(variables).Run("keys", "list")).Failed(3, $"kms: cannot connect to https://127.0.0.1:{port}/: ");
    }

    [Fact]
    public async Task No_url_and_no_development_node_is_a_usage_error()
    {
        using var empty = new TestDirectory();
        (await fixture.Kms.With(workingDirectory: empty.Path).Run("keys", "list")).Failed(2, "kms: no Kms to call: ");
        var urlOnly = new Dictionary<string, string?> { ["GOKMSCLI_URL"] = Url };
        (await fixture.Kms.With(urlOnly, workingDirectory: empty.Path).Run("keys", "list")).Failed(2, "kms: no auth key: ");
        (await fixture.Kms.With(urlOnly, ["--auth-key-file", empty.File("missing.key")], empty.Path).Run("keys", "list")).Failed(2, "kms: cannot read --auth-key-file ");
    }

    [Fact]
    public async Task Plain_http_is_refused_before_anything_is_sent()
    {
        var variables = new Dictionary<string, string?> { ["GOKMSCLI_URL"] = "http://127.0.0.1:8011", ["GOKMSCLI_AUTHKEY"] = "k" };
        (await With(variables).Run("keys", "list")).Failed(2, "kms: the Kms URL must be https://");
    }
}
