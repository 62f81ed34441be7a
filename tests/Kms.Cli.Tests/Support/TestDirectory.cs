namespace Kms.Cli.Tests.Support;

/// <summary>A fresh temporary directory, removed on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kms-cli-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be held for a moment; the OS cleans temp eventually.
        }
    }
}
