using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Cluster;

/// <summary>
/// A node without seed nodes still listens for Akka remoting (sharding needs the cluster); no other process on
/// the machine may deliver an actor message to it, with or without TLS of its own.
/// </summary>
public class SingleNodeRemotingTests
{
    /// <summary>How long a message that would be delivered is waited for: a local answer takes milliseconds.</summary>
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_foreign_actor_system_on_the_same_machine_cannot_deliver_a_message_to_a_single_node()
    {
        using var directory = new TestDirectory();
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path));
        var address = Akka.Cluster.Cluster.Get(node.Services.GetRequiredService<ActorSystem>()).SelfAddress;
        Assert.Equal("akka.ssl.tcp", address.Protocol);

        using (var plaintext = ActorSystem.Create("intruder", Remoting(ssl: false)))
            await AssertNotDelivered(plaintext, $"akka.tcp://kms@{address.Host}:{address.Port}/user");

        using var ownCertificate = SelfSigned();
        var tls = BootstrapSetup.Create().WithConfig(Remoting(ssl: true))
            .And(new DotNettySslSetup(ownCertificate, suppressValidation: true, requireMutualAuthentication: true));
        using (var withTls = ActorSystem.Create("intruder", tls))
            await AssertNotDelivered(withTls, $"{address}/user");

        // The node itself still works through its remoting (cluster sharding).
        using var client = node.Client();
        Assert.NotEmpty(await client.CreateKey("still works"));
    }

    /// <summary>
    /// The node's user guardian answers Identify with itself once the message arrives; an undelivered one ends
    /// in the intruder's dead letters, which answer with no subject, or in silence.
    /// </summary>
    private static async Task AssertNotDelivered(ActorSystem intruder, string path)
    {
        try
        {
            var identity = await intruder.ActorSelection(path).Ask<ActorIdentity>(new Identify("probe"), Answer);
            Assert.True(identity.Subject is null, $"{path} answered as {identity.Subject?.Path}.");
        }
        catch (AskTimeoutException)
        {
            // Not delivered either.
        }
    }

    private static Config Remoting(bool ssl) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = {{(ssl ? "true" : "false")}} }
        """);

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=intruder", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
