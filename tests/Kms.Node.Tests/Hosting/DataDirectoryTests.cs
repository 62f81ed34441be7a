using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Hosting;

/// <summary>The node makes its SQLite data directory owner-only, so that kms.db and its WAL, made with the default umask, are out of other users' reach.</summary>
public class DataDirectoryTests
{
    [Fact]
    public async Task A_data_directory_the_node_creates_is_owner_only_and_holds_the_journal()
    {
        if (OperatingSystem.IsWindows()) return;
        using var directory = new TestDirectory();
        var files = new NodeFiles(directory.Path);
        Assert.False(Directory.Exists(files.DataDirectory));
        await using (var node = await InProcessNode.Start(files))
        {
            using var client = node.Client();
            await client.CreateKey();
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(files.DataDirectory));
        Assert.True(File.Exists(Path.Combine(files.DataDirectory, "kms.db")));
    }
}
