using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kms.Node.Tests.Support;

/// <summary>
/// Three node processes on 127.0.0.1 sharing a fresh PostgreSQL database, remoting over TLS with one
/// cluster certificate, the first two as seeds.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly PostgresDatabase _database;
    private readonly Dictionary<int, IDictionary<string, string>> _environments = new();

    public List<NodeProcess> Nodes { get; } = [];
    public NodeFiles Files { get; }
    public string ConnectionString { get; }

    private TestCluster(PostgresDatabase database)
    {
        _database = database;
        Files = new NodeFiles(_directory.Path);
        ConnectionString = database.ConnectionString;
    }

    /// <summary>Starts <paramref name="size"/> nodes; <paramref name="environment"/> adds or overrides settings of every node.</summary>
    public static async Task<TestCluster> Start(int size = 3, IReadOnlyDictionary<string, string>? environment = null)
    {
        var cluster = new TestCluster(await PostgresDatabase.Create());
        var (certificatePath, password) = cluster.RemotingCertificate();
        var remotingPorts = Enumerable.Range(0, size).Select(_ => NodeFiles.FreePort()).ToList();
        for (var i = 0; i < size; i++)
        {
            var nodeEnvironment = new Dictionary<string, string>
            {
                ["GOKMS_KSMC_PATH"] = Path.Combine(cluster._directory.Path, $"node{i}"),
                ["Kms__Persistence__Provider"] = "postgres",
                ["Kms__Persistence__ConnectionString"] = cluster.ConnectionString,
                ["Kms__Cluster__Hostname"] = "127.0.0.1",
                ["Kms__Cluster__Port"] = remotingPorts[i].ToString(),
                ["Kms__Cluster__SeedNodes__0"] = $"akka.tcp://kms@127.0.0.1:{remotingPorts[0]}",
                ["Kms__Cluster__SeedNodes__1"] = $"akka.tcp://kms@127.0.0.1:{remotingPorts[1]}",
                ["Kms__Cluster__Tls__CertificatePath"] = certificatePath,
                ["Kms__Cluster__Tls__CertificatePassword"] = password,
                ["Kms__Cluster__DowningStableAfter"] = "00:00:03",
                ["Kms__Api__KeyTimeout"] = "00:00:03",
            };
            foreach (var (key, value) in environment ?? new Dictionary<string, string>()) nodeEnvironment[key] = value;
            cluster._environments[i] = nodeEnvironment;
            cluster.Nodes.Add(NodeProcess.Launch(cluster.Files, NodeFiles.FreePort(), environment: nodeEnvironment));
        }
        foreach (var node in cluster.Nodes) await node.WaitUntilReady();
        return cluster;
    }

    /// <summary>
    /// The settings of one more member, for an <see cref="InProcessNode"/> (which can take a clock): the first node's,
    /// as configuration keys, with its own data directory and remoting port.
    /// </summary>
    public Dictionary<string, string?> MemberSettings(string name)
    {
        var settings = _environments[0].ToDictionary(e => e.Key.Replace("__", ":"), e => (string?)e.Value);
        settings["GOKMS_KSMC_PATH"] = Path.Combine(_directory.Path, name);
        settings["Kms:Cluster:Port"] = NodeFiles.FreePort().ToString();
        return settings;
    }

    private (string Path, string Password) RemotingCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kms-remoting", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var path = Path.Combine(_directory.Path, "remoting.p12");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return (path, password);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        await _database.DisposeAsync();
        _directory.Dispose();
    }
}
