using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Connection;

/// <summary>A development node (<c>--dev</c>) and the tool finding it through its directory, as the quick start does.</summary>
public class DevDirectoryTests : IAsyncLifetime
{
    private readonly TestDirectory _project = new();
    private readonly int _port = NodeFiles.FreePort();
    private InProcessNode _node = null!;

    private string DevDirectory => Path.Combine(_project.Path, ".kms-dev");

    public async Task InitializeAsync() => _node = await InProcessNode.StartDev(DevDirectory, _port);

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _project.Dispose();
    }

    private KmsTool Kms(string workingDirectory, Dictionary<string, string?>? variables = null, params string[] leadingArgs) =>
        new(variables ?? new Dictionary<string, string?> { ["GOKMS_PORT"] = _port.ToString() }, leadingArgs, workingDirectory);

    [Fact]
    public async Task In_the_directory_holding_kms_dev_keys_create_needs_nothing_else()
    {
        var created = (await Kms(_project.Path).Run("keys", "create", "-o", "json")).Ok().Json;
        var keyId = (string)created["KeyMetadata"]!["KeyId"]!;
        Assert.Contains(keyId, (await Kms(_project.Path).Run("keys", "list")).Ok().Stdout);
    }

    [Fact]
    public async Task Dev_dir_names_the_directory_from_anywhere()
    {
        using var elsewhere = new TestDirectory();
        (await Kms(elsewhere.Path, null, "--dev-dir", DevDirectory).Run("keys", "list")).Ok();
        (await Kms(elsewhere.Path, null, "--dev-dir", Path.Combine(elsewhere.Path, "none")).Run("keys", "list")).Failed(2, "kms: --dev-dir ");
    }

    [Fact]
    public async Task The_development_directory_is_not_used_when_the_variables_name_another_kms()
    {
        var variables = new Dictionary<string, string?> { ["GOKMS_PORT"] = _port.ToString(), ["GOKMSCLI_URL"] = "https://127.0.0.1:1", ["GOKMSCLI_AUTHKEY"] = "k" };
        (await Kms(_project.Path, variables).Run("keys", "list")).Failed(3, "kms: cannot connect to https://127.0.0.1:1/");
    }
}
