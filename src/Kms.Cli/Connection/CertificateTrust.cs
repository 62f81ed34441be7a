using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kms.Cli.Connection;

/// <summary>
/// Which server certificates to accept: the system's trusted roots, exactly one PEM certificate (the server's own, or
/// the CA that issued it), or anything (<c>GOKMSCLI_IGNORE_BAD_TLS_CERT=true</c>). Remembers why it refused, so the
/// error can say so instead of .NET's generic handshake message.
/// </summary>
internal sealed class CertificateTrust
{
    private readonly X509Certificate2? _pinned;
    private readonly bool _ignoreErrors;

    private CertificateTrust(X509Certificate2? pinned, string? pinnedSource, bool ignoreErrors)
    {
        _pinned = pinned;
        PinnedSource = pinnedSource;
        _ignoreErrors = ignoreErrors;
    }

    public static CertificateTrust SystemRoots { get; } = new(null, null, false);

    public static CertificateTrust IgnoreErrors { get; } = new(null, null, true);

    /// <summary>Trusts the first certificate in a PEM file; a missing or broken file is a usage error.</summary>
    public static CertificateTrust Pinned(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the CA certificate '{path}': {e.Message}");
        }
        try
        {
            return new CertificateTrust(X509Certificate2.CreateFromPem(pem), path, false);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new UsageException($"'{path}' is not a PEM certificate: {e.Message}");
        }
    }

    private string? PinnedSource { get; }

    public string? LastRefusal { get; private set; }

    public bool Accept(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (_ignoreErrors) return true;
        if (_pinned is null) return Refuse(errors == SslPolicyErrors.None, $"the server's certificate is not trusted by this system ({errors})");
        if (presented is not X509Certificate2 certificate) return Refuse(false, "the server sent no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Refuse(false, "the server's certificate does not name the host in the URL");
        if (certificate.RawDataMemory.Span.SequenceEqual(_pinned.RawDataMemory.Span)) return true;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_pinned);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return Refuse(chain.Build(certificate), $"the server's certificate is neither the one in '{PinnedSource}' nor issued by it");
    }

    private bool Refuse(bool accepted, string reason)
    {
        LastRefusal = accepted ? null : reason;
        return accepted;
    }
}
