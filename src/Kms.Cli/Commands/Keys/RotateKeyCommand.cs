using System.Text.Json.Nodes;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Keys;

/// <summary><c>kms keys rotate KEYID</c>: <c>rotatekeyondemand</c>; new ciphertexts use the new material, old ones still decrypt.</summary>
internal sealed class RotateKeyCommand : Command
{
    public override string Name => "keys rotate";

    public override string Summary => "rotate a key now (new material for new ciphertexts; old ciphertexts still decrypt)";

    public override IReadOnlyList<string> Parameters => ["KEYID"];

    public override async Task Execute(Invocation run)
    {
        var response = await run.Call("rotatekeyondemand", new JsonObject { ["KeyId"] = run.Parameter(0) });
        run.Show(response, output => output.WriteLine($"Rotated key {TableWriter.Text(response["KeyId"])}."));
    }
}
