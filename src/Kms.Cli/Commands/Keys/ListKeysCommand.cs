using System.Text.Json.Nodes;
using Kms.Cli.Commands.Aliases;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Keys;

/// <summary><c>kms keys list</c>: every key (<c>listkeys</c> without a limit), with its aliases in the table.</summary>
internal sealed class ListKeysCommand : Command
{
    public override string Name => "keys list";

    public override string Summary => "list every key with its state, spec, usage, aliases and description";

    public override async Task Execute(Invocation run)
    {
        var response = await run.Call("listkeys", []);
        if (run.Format == OutputFormat.Json)
        {
            JsonOutput.Write(run.Out, response);
            return;
        }
        var aliases = (await AliasListing.All(run, keyId: null))
            .GroupBy(a => TableWriter.Text(a["TargetKeyId"]))
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(a => TableWriter.Text(a["AliasName"]))));
        var rows = (response["KeyMetadata"] as JsonArray ?? []).OfType<JsonObject>().Select(key =>
        {
            var id = TableWriter.Text(key["KeyId"]);
            return (IReadOnlyList<string>)
            [
                id,
                TableWriter.Text(key["KeyState"]),
                TableWriter.Text(key["KeySpec"]),
                TableWriter.Text(key["KeyUsage"]),
                TableWriter.Date(key["CreationDate"]),
                aliases.GetValueOrDefault(id, ""),
                TableWriter.Text(key["Description"]),
            ];
        }).ToList();
        TableWriter.Write(run.Out, ["KEY ID", "STATE", "SPEC", "USAGE", "CREATED", "ALIASES", "DESCRIPTION"], rows, run.Env.StdoutIsTerminal);
    }
}
