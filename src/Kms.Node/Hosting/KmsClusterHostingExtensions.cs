using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Kms.Node.Configuration;

namespace Kms.Node.Hosting;

public static class KmsClusterHostingExtensions
{
    public const string SystemName = "kms";

    /// <summary>Remoting and clustering. With no seed nodes the node forms a one-node cluster with itself.</summary>
    public static AkkaConfigurationBuilder AddKmsCluster(this AkkaConfigurationBuilder builder, NodeSettings settings) =>
        builder
            .WithRemoting(new RemoteOptions { HostName = settings.ClusterHostname, Port = settings.ClusterPort })
            .WithClustering(new ClusterOptions())
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
}
