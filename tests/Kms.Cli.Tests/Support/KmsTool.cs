namespace Kms.Cli.Tests.Support;

/// <summary>Runs <c>kms</c> in-process (<see cref="Program.Run"/>) with given variables and leading arguments, capturing its output.</summary>
public sealed class KmsTool(IReadOnlyDictionary<string, string?> variables, IReadOnlyList<string> leadingArgs, string workingDirectory)
{
    public string WorkingDirectory => workingDirectory;

    public Task<CliResult> Run(params string[] args) => Run(stdin: [], args);

    public async Task<CliResult> Run(byte[] stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var env = new Dictionary<string, string?>(variables);
        var code = await Program.Run([.. leadingArgs, .. args], input, output, error, env, workingDirectory);
        return new CliResult(code, output.ToArray(), error.ToString());
    }

    /// <summary>The tool as a user reaches <paramref name="node"/>: the go-kms CLI's variables, <c>--ca-cert</c> for its certificate.</summary>
    public static KmsTool Against(InProcessNode node, string workingDirectory) =>
        new(new Dictionary<string, string?> { ["GOKMSCLI_URL"] = node.Address.ToString(), ["GOKMSCLI_AUTHKEY"] = node.Files.AuthKey },
            ["--ca-cert", node.Files.CertificatePath], workingDirectory);

    public KmsTool With(IReadOnlyDictionary<string, string?>? variables = null, IReadOnlyList<string>? leadingArgs = null, string? workingDirectory = null) =>
        new(variables ?? new Dictionary<string, string?>(), leadingArgs ?? [], workingDirectory ?? WorkingDirectory);
}
