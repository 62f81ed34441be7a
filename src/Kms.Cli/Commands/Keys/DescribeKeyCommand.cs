using System.Text.Json.Nodes;

namespace Kms.Cli.Commands.Keys;

/// <summary><c>kms keys describe KEYID</c>: <c>describekey</c>.</summary>
internal sealed class DescribeKeyCommand : Command
{
    public override string Name => "keys describe";

    public override string Summary => "show a key's metadata (KEYID: key id, key ARN, alias name or alias ARN)";

    public override IReadOnlyList<string> Parameters => ["KEYID"];

    public override async Task Execute(Invocation run)
    {
        var response = await run.Call("describekey", new JsonObject { ["KeyId"] = run.Parameter(0) });
        run.Show(response, output => KeyMetadataView.Write(output, response, run.Env.StdoutIsTerminal));
    }
}
