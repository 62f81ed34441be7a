using Akka.Actor;
using Akka.Serialization;
using Kms.Domain.Keys;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Cluster;

/// <summary><c>Kms__Cluster__BinaryWire</c> chooses the manifests a node sends its peers (a rolling upgrade turns it off).</summary>
public class BinaryWireSettingTests
{
    [Theory]
    [InlineData(null, "encrypt.b1")]
    [InlineData("false", "cmd-encrypt.v1")]
    public async Task The_node_setting_chooses_the_manifest_of_the_hot_messages(string? setting, string manifest)
    {
        using var directory = new TestDirectory();
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path),
            setting is null ? null : new Dictionary<string, string?> { ["Kms:Cluster:BinaryWire"] = setting });
        var system = node.Services.GetRequiredService<ActorSystem>();
        var encrypt = new KeyCommands.Encrypt(KeyIds.New(), [1, 2, 3], null);

        var serializer = Assert.IsAssignableFrom<SerializerWithStringManifest>(system.Serialization.FindSerializerFor(encrypt));
        Assert.Equal(manifest, serializer.Manifest(encrypt));
    }
}
