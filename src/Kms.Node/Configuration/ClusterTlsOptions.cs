namespace Kms.Node.Configuration;

/// <summary><c>Kms:Cluster:Tls</c>: the PKCS#12 certificate that encrypts remoting between nodes.</summary>
public sealed class ClusterTlsOptions
{
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
}
