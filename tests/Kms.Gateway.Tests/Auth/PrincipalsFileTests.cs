using Kms.Gateway.Auth;

namespace Kms.Gateway.Tests.Auth;

public sealed class PrincipalsFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kms-principals-file-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_directory.FullName, "principals.json");
        File.WriteAllText(path, json);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    [Fact]
    public void A_shared_key_shorter_than_16_bytes_is_refused_without_echoing_it()
    {
        var path = Write("""{"principals": [{"name": "ops", "role": "admin", "sharedKey": "short-key-15byt"}]}""");
        var error = Assert.Throws<InvalidDataException>(() => PrincipalsFile.Load(path));
        Assert.Contains("'ops' has a sharedKey shorter than 16 bytes", error.Message);
        Assert.DoesNotContain("short-key", error.Message);
    }

    [Fact]
    public void A_secret_access_key_shorter_than_16_bytes_is_refused_without_echoing_it()
    {
        var path = Write("""{"principals": [{"name": "app", "role": "crypto", "accessKeyId": "AKIDAPP", "secretAccessKey": "weak-secret"}]}""");
        var error = Assert.Throws<InvalidDataException>(() => PrincipalsFile.Load(path));
        Assert.Contains("'app' has a secretAccessKey shorter than 16 bytes", error.Message);
        Assert.DoesNotContain("weak-secret", error.Message);
    }

    [Fact]
    public void Secrets_of_16_bytes_are_accepted()
    {
        var path = Write("""{"principals": [{"name": "app", "role": "crypto", "sharedKey": "0123456789abcdef", "accessKeyId": "AKIDAPP", "secretAccessKey": "fedcba9876543210"}]}""");
        Assert.Single(PrincipalsFile.Load(path));
    }
}
