using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Kms.Node.Configuration;

namespace Kms.Node.Hosting;

public static class KmsClusterHostingExtensions
{
    public const string SystemName = "kms";

    /// <summary>
    /// Remoting (over TLS when a certificate is given; every node presents the same cluster certificate
    /// and accepts only it) and clustering with the keep-majority split-brain resolver. A downed node
    /// runs coordinated shutdown, and the process then exits so its supervisor restarts it. With no seed
    /// nodes the node forms a one-node cluster with itself, and remoting, which would otherwise let any local
    /// process send actor messages past the HTTP authentication, takes mutual TLS with a certificate made at
    /// start-up and held only in memory: no other process can hold it, so none can connect.
    /// </summary>
    public static AkkaConfigurationBuilder AddKmsCluster(this AkkaConfigurationBuilder builder, NodeSettings settings)
    {
        builder.WithRemoting(new RemoteOptions
        {
            HostName = settings.ClusterHostname,
            PublicHostName = settings.ClusterPublicHostname,
            Port = settings.ClusterPort,
        });
        var certificate = settings.ClusterTlsCertificatePath is { } path ? LoadCertificate(path, settings.ClusterTlsCertificatePassword)
            : settings.IsMultiNode ? null
            : SelfOnlyCertificate();
        if (certificate is not null)
        {
            builder
                .AddHocon("akka.remote.dot-netty.tcp.enable-ssl = true", HoconAddMode.Prepend)
                .AddSetup(new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
                    customValidator: CertificateValidation.PinnedCertificate([certificate.Thumbprint])));
        }

        if (!settings.IsMultiNode)
            builder.AddStartup((system, _) => system.Log.Info(settings.ClusterTlsCertificatePath is null
                ? "Remoting on {0} accepts only this process: mutual TLS with a certificate made at start-up and held in memory."
                : "Remoting on {0} accepts only holders of the configured remoting certificate (mutual TLS).", Cluster.Get(system).SelfAddress));

        // With TLS the transport's scheme is akka.ssl.tcp; seeds may be written either way.
        var seeds = settings.SeedNodes
            .Select(seed => certificate is null ? seed : seed.Replace("akka.tcp://", "akka.ssl.tcp://", StringComparison.Ordinal))
            .ToArray();
        builder
            .WithClustering(new ClusterOptions { SeedNodes = settings.IsMultiNode ? seeds : null })
            .AddHocon($$"""
                akka.cluster {
                  downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                  split-brain-resolver {
                    active-strategy = keep-majority
                    stable-after = {{(int)settings.DowningStableAfter.TotalMilliseconds}}ms
                  }
                  run-coordinated-shutdown-when-down = on
                }
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = on
                kms.serialization.binary-wire = {{(settings.BinaryWire ? "on" : "off")}}
                """, HoconAddMode.Prepend);

        if (!settings.IsMultiNode)
            builder.AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        return builder;
    }

    /// <summary>A self-signed ECDSA P-256 certificate whose private key exists only in this process's memory.</summary>
    private static X509Certificate2 SelfOnlyCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kms-single-node-remoting", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidConfigurationException([$"Kms__Cluster__Tls__CertificatePath: {path} is not a PKCS#12 file this password opens ({e.Message})."]);
        }
    }
}
