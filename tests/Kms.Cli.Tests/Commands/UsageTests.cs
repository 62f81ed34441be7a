using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Commands;

/// <summary>Command-line mistakes exit 2 before anything is sent; none of these tests has a node to talk to.</summary>
public class UsageTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly KmsTool _kms;

    public UsageTests() => _kms = new KmsTool(new Dictionary<string, string?>(), [], _directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Help_lists_every_command_and_the_exit_codes()
    {
        var help = (await _kms.Run("--help")).Ok().Stdout;
        foreach (var command in new[] { "keys list", "keys create", "keys schedule-deletion", "aliases update", "encrypt-file", "decrypt-file", "mac verify", "verify-mac" })
            Assert.Contains(command, help);
        Assert.Contains("4 integrity failure", help);
        Assert.Contains("--key-id <KEYID>", (await _kms.Run("encrypt", "--help")).Ok().Stdout);
        Assert.Contains("rotate <KEYID>", (await _kms.Run("keys", "--help")).Ok().Stdout);
    }

    [Theory]
    [InlineData(new string[0], "kms: no command given")]
    [InlineData(new[] { "frobnicate" }, "kms: unknown command 'frobnicate'")]
    [InlineData(new[] { "keys" }, "kms: keys needs a subcommand: list, create,")]
    [InlineData(new[] { "keys", "explode" }, "kms: unknown command 'kms keys explode'")]
    [InlineData(new[] { "keys", "describe" }, "kms: usage: kms keys describe KEYID")]
    [InlineData(new[] { "keys", "list", "extra" }, "kms: keys list takes no argument 'extra'")]
    [InlineData(new[] { "keys", "list", "--colour" }, "kms: unknown option '--colour' for 'kms keys list'")]
    [InlineData(new[] { "keys", "list", "--output", "yaml" }, "kms: --output is table or json, not 'yaml'.")]
    [InlineData(new[] { "keys", "list", "--output" }, "kms: --output needs a value")]
    [InlineData(new[] { "encrypt" }, "kms: encrypt needs --key-id KEYID")]
    [InlineData(new[] { "encrypt", "--key-id", "k", "--key-id", "j" }, "kms: --key-id is given twice.")]
    [InlineData(new[] { "encrypt", "--key-id", "k", "--context", "novalue" }, "kms: --context takes KEY=VALUE, not 'novalue'.")]
    [InlineData(new[] { "encrypt", "--key-id", "k", "--context", "a=1", "--context", "a=2" }, "kms: --context a is given twice.")]
    [InlineData(new[] { "keys", "create", "--tag", "=v" }, "kms: --tag takes KEY=VALUE, not '=v'.")]
    [InlineData(new[] { "encrypt-file", "--key-id", "k", "--in", "x" }, "kms: encrypt-file needs --out FILE")]
    [InlineData(new[] { "random", "lots" }, "kms: N must be a whole number")]
    [InlineData(new[] { "encrypt", "--key-id", "k", "--in", "/nonexistent/file" }, "kms: cannot read '/nonexistent/file'")]
    public async Task Mistakes_exit_2_with_one_line_on_stderr(string[] args, string message)
    {
        var result = (await _kms.Run(args)).Failed(2, message);
        Assert.Empty(result.StdoutBytes);
    }

    [Fact]
    public async Task Global_options_may_come_before_the_command()
    {
        (await _kms.Run("--output", "yaml", "keys", "list")).Failed(2, "kms: --output is table or json");
        (await _kms.Run("-o", "json", "keys", "describe")).Failed(2, "kms: usage: kms keys describe KEYID");
    }
}
