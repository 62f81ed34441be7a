using System.Text;
using System.Text.Json;
using Kms.Actors.Crypto;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Tests.MasterKey;

/// <summary>Every derivation costs about 0.3 s, so each test derives as few times as it can.</summary>
public sealed class MasterKeyParametersFileTests : IDisposable
{
    private const string Passphrase = "a long and entirely memorable passphrase";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kms-master-key-tests-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_directory, MasterKeyParametersFile.FileName);

    public MasterKeyParametersFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_first_call_creates_master_key_json_and_returns_a_256_bit_key()
    {
        Assert.False(File.Exists(FilePath));

        var key = MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);

        Assert.Equal(32, key.Length);
        Assert.True(File.Exists(FilePath));
        Assert.Equal([FilePath], Directory.GetFiles(_directory));
    }

    [Fact]
    public void The_first_call_creates_a_data_directory_that_does_not_exist_yet()
    {
        var nested = Path.Combine(_directory, "data", "kms");

        MasterKeyParametersFile.DeriveOrCreate(nested, Passphrase);

        Assert.True(File.Exists(Path.Combine(nested, MasterKeyParametersFile.FileName)));
    }

    [Fact]
    public void A_second_call_with_the_same_passphrase_returns_the_same_key()
    {
        var first = MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);

        var second = MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_later_call_uses_the_iterations_stored_in_the_file()
    {
        var first = MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase, MasterKeyDerivation.MinimumIterations + 1);

        var second = MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);

        Assert.Equal(first, second);
        using var json = JsonDocument.Parse(File.ReadAllText(FilePath));
        Assert.Equal(MasterKeyDerivation.MinimumIterations + 1, json.RootElement.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void A_wrong_passphrase_throws_and_leaves_the_file_byte_for_byte_unchanged()
    {
        MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);
        var contents = File.ReadAllBytes(FilePath);
        var lastWrite = File.GetLastWriteTimeUtc(FilePath);

        Assert.Throws<WrongPassphraseException>(() => MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase + "!"));

        Assert.Equal(contents, File.ReadAllBytes(FilePath));
        Assert.Equal(lastWrite, File.GetLastWriteTimeUtc(FilePath));
        Assert.Equal([FilePath], Directory.GetFiles(_directory));
    }

    [Fact]
    public void The_file_holds_neither_the_passphrase_nor_the_key()
    {
        var key = MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);

        var text = File.ReadAllText(FilePath);
        var bytes = File.ReadAllBytes(FilePath);

        Assert.DoesNotContain(Passphrase, text);
        Assert.DoesNotContain(Convert.ToBase64String(key), text);
        Assert.DoesNotContain(Convert.ToHexString(key), text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(key.AsSpan(0, 8)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Passphrase[..8])));

        // The serializer escapes '+' in base64, so compare the unescaped values too.
        using var json = JsonDocument.Parse(text);
        foreach (var property in json.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
        {
            var value = property.Value.GetString()!;
            Assert.DoesNotContain(Convert.ToBase64String(key), value);
            Assert.DoesNotContain(Passphrase, value);
        }
    }

    [Fact]
    public void The_file_records_only_public_parameters()
    {
        MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);

        using var json = JsonDocument.Parse(File.ReadAllText(FilePath));
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["check", "format", "iterations", "kdf", "salt"], names);
        Assert.Equal("PBKDF2-HMAC-SHA256", json.RootElement.GetProperty("kdf").GetString());
        Assert.Equal(MasterKeyDerivation.SaltSize, Convert.FromBase64String(json.RootElement.GetProperty("salt").GetString()!).Length);
    }

    [Fact]
    public void The_file_is_readable_and_writable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase);

        var group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        var other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(FilePath) & (group | other));
    }

    [Fact]
    public void Creating_with_fewer_than_600000_iterations_is_refused_and_writes_nothing()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase, 1_000));

        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void A_file_of_an_unknown_format_is_refused_without_being_changed()
    {
        const string unknown = """{"format":2,"kdf":"argon2id","iterations":3,"salt":"AAAA","check":"AAAA"}""";
        File.WriteAllText(FilePath, unknown);

        Assert.Throws<InvalidDataException>(() => MasterKeyParametersFile.DeriveOrCreate(_directory, Passphrase));

        Assert.Equal(unknown, File.ReadAllText(FilePath));
    }
}
