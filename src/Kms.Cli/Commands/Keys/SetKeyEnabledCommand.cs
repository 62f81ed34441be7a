using System.Text.Json.Nodes;

namespace Kms.Cli.Commands.Keys;

/// <summary><c>kms keys enable KEYID</c> and <c>kms keys disable KEYID</c>: go-kms's <c>enablekey</c> / <c>disablekey</c> (idempotent).</summary>
internal sealed class SetKeyEnabledCommand(bool enable) : Command
{
    public override string Name => enable ? "keys enable" : "keys disable";

    public override string Summary => enable ? "enable a key" : "disable a key (it refuses to encrypt and decrypt until enabled)";

    public override IReadOnlyList<string> Parameters => ["KEYID"];

    public override async Task Execute(Invocation run)
    {
        var response = await run.Call(enable ? "enablekey" : "disablekey", new JsonObject { ["KeyID"] = run.Parameter(0) });
        run.Show(response, output => KeyMetadataView.Write(output, response, run.Env.StdoutIsTerminal));
    }
}
