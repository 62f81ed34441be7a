using Xunit;

namespace Kms.Testing;

/// <summary>One in-process node shared by the tests of a class.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();

    public InProcessNode Node { get; private set; } = null!;

    public GoKmsClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await InProcessNode.Start(new NodeFiles(_directory.Path));
        Client = Node.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
        _directory.Dispose();
    }
}
