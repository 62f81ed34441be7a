namespace Kms.Node.Configuration;

/// <summary><c>Kms:Cluster</c>: Akka remoting and cluster membership (named apart from Akka.Cluster.Hosting's ClusterOptions); no seed nodes means a node of its own.</summary>
public sealed class KmsClusterOptions
{
    public string? Hostname { get; set; }
    public int Port { get; set; }
    public string? PublicHostname { get; set; }
    public List<string> SeedNodes { get; set; } = [];
    public ClusterTlsOptions Tls { get; set; } = new();
    public bool AllowPlaintextRemoting { get; set; }
    public TimeSpan DowningStableAfter { get; set; } = TimeSpan.FromSeconds(7);

    /// <summary>Hot messages cross nodes in the compact binary format; off sends the JSON a node of the previous version reads (rolling upgrade).</summary>
    public bool BinaryWire { get; set; } = true;

    /// <summary>The seed nodes given, without the empty entries an environment variable can leave.</summary>
    public IReadOnlyList<string> SeedNodeAddresses => SeedNodes.Where(s => !string.IsNullOrEmpty(s)).ToList();
}
