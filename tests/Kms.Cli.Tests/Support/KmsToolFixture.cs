using System.Text;
using System.Text.Json.Nodes;
using Kms.Cli.Connection;

namespace Kms.Cli.Tests.Support;

/// <summary>
/// One in-process node shared by the tests of a class, and a <see cref="KmsTool"/> that reaches it as a user would: the
/// go-kms CLI's variables for the URL and key, <c>--ca-cert</c> for the node's self-signed certificate.
/// </summary>
public sealed class KmsToolFixture : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();

    public InProcessNode Node { get; private set; } = null!;
    public NodeFiles Files { get; private set; } = null!;
    public KmsTool Kms { get; private set; } = null!;

    /// <summary>A directory for a test's files.</summary>
    public string WorkDirectory => Path.Combine(_directory.Path, "work");

    public Dictionary<string, string?> Variables => new()
    {
        ["GOKMSCLI_URL"] = Node.Address.ToString(),
        ["GOKMSCLI_AUTHKEY"] = Files.AuthKey,
    };

    public async Task InitializeAsync()
    {
        Files = new NodeFiles(_directory.Path);
        Node = await InProcessNode.Start(Files);
        Directory.CreateDirectory(WorkDirectory);
        Kms = new KmsTool(Variables, ["--ca-cert", Files.CertificatePath], WorkDirectory);
    }

    /// <summary>Calls an operation the tool has no command for (tags, rotations), to check what a command did.</summary>
    public async Task<JsonObject> Api(string operation, JsonObject body)
    {
        using var client = new KmsConnection(new ConnectionSettings(Node.Address, Encoding.UTF8.GetBytes(Files.AuthKey), CertificateTrust.Pinned(Files.CertificatePath)));
        return await client.Call(operation, body, CancellationToken.None);
    }

    /// <summary>Creates a key through the tool and returns its id.</summary>
    public async Task<string> CreateKey(params string[] options) =>
        (string)(await Kms.Run(["keys", "create", "--output", "json", .. options])).Ok().Json["KeyMetadata"]!["KeyId"]!;

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _directory.Dispose();
    }
}
