using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Cluster;
using Akka.Cluster.Hosting;
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
    /// nodes the node forms a one-node cluster with itself.
    /// </summary>
    public static AkkaConfigurationBuilder AddKmsCluster(this AkkaConfigurationBuilder builder, NodeSettings settings)
    {
        builder.WithRemoting(new RemoteOptions
        {
            HostName = settings.ClusterHostname,
            PublicHostName = settings.ClusterPublicHostname,
            Port = settings.ClusterPort,
        });
        if (settings.ClusterTlsCertificatePath is { } path)
        {
            var certificate = LoadCertificate(path, settings.ClusterTlsCertificatePassword);
            builder
                .AddHocon("akka.remote.dot-netty.tcp.enable-ssl = true", HoconAddMode.Prepend)
                .AddSetup(new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
                    customValidator: CertificateValidation.PinnedCertificate([certificate.Thumbprint])));
        }

        // With TLS the transport's scheme is akka.ssl.tcp; seeds may be written either way.
        var seeds = settings.SeedNodes
            .Select(seed => settings.ClusterTlsCertificatePath is null ? seed : seed.Replace("akka.tcp://", "akka.ssl.tcp://", StringComparison.Ordinal))
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
                """, HoconAddMode.Prepend);

        if (!settings.IsMultiNode)
            builder.AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        return builder;
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
