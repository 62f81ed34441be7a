namespace Kms.Node.Tests.Durability;

/// <summary>The real node started once on a fresh copy of the journal fixture, shared by the read-only checks of a class.</summary>
public sealed class RecoveredJournalFixture : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();

    public InProcessNode Node { get; private set; } = null!;

    public GoKmsClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await JournalFixture.Start(JournalFixture.CopyTo(_directory.Path));
        Client = Node.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
        _directory.Dispose();
    }
}
