using Akka.Actor;
using Kms.Actors.MasterKey;
using Kms.Actors.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Testing;

/// <summary>
/// A data directory written by an earlier Kms (<c>tests/Kms.Node.Tests/Fixtures/journal-v1</c>): its SQLite journal
/// and <c>master-key.json</c>, with the passphrase and the time it was written at. Every later Kms must start on a
/// copy of it and find everything it held.
/// </summary>
public static class JournalFixture
{
    public const string Name = "journal-v1";

    /// <summary>The passphrase the fixture's master key was derived from: test data, it protects nothing else.</summary>
    public const string Passphrase = "journal fixture passphrase, test data only";

    /// <summary>The node's time when the fixture was finished; a node started on it sees time go on from one hour later.</summary>
    public static readonly DateTimeOffset WrittenAt = new(2026, 12, 14, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The fixture as copied into a test's output directory.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", Name);

    /// <summary>Node files in <paramref name="root"/> whose data directory is a fresh copy of the fixture's.</summary>
    public static NodeFiles CopyTo(string root)
    {
        var files = new NodeFiles(root, Passphrase);
        OwnerOnlyDirectory.Create(files.DataDirectory);
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "data")))
            File.Copy(file, Path.Combine(files.DataDirectory, Path.GetFileName(file)));
        return files;
    }

    /// <summary>
    /// Starts the real node on a copy of the fixture, its clock an hour after the fixture was written, so nothing in it falls due.
    /// The fixture predates journal MACs: the first start upgrades the copy as an operator would (docs/journal-integrity.md),
    /// by running the one-time migration on a node and starting again, so every later version is checked through that path.
    /// </summary>
    public static async Task<InProcessNode> Start(NodeFiles copy)
    {
        var node = await InProcessNode.Start(copy, clock: new ShiftedClock(WrittenAt.AddHours(1)));
        var migration = JournalMacMigration.For(node.Services.GetRequiredService<ActorSystem>());
        if (!await migration.IsNeeded(CancellationToken.None)) return node;
        var result = await migration.Run(CancellationToken.None);
        await node.DisposeAsync();
        if (result.Refused.Count > 0) throw new InvalidOperationException("The journal MAC migration refused rows of the fixture: " + string.Join(", ", result.Refused));
        return await InProcessNode.Start(copy, clock: new ShiftedClock(WrittenAt.AddHours(1)));
    }
}
