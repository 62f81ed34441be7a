using System.Text.Json.Nodes;
using Kms.Cli.Arguments;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Aliases;

/// <summary><c>kms aliases list [--key-id K]</c>: every alias, or one key's.</summary>
internal sealed class ListAliasesCommand : Command
{
    public override string Name => "aliases list";

    public override string Summary => "list every alias, or only one key's";

    public override IReadOnlyList<OptionSpec> Options => [new("key-id", "only this key's aliases", "KEYID")];

    public override async Task Execute(Invocation run)
    {
        var aliases = await AliasListing.All(run, run.Args.Value("key-id"));
        var response = new JsonObject { ["Aliases"] = new JsonArray(aliases.Cast<JsonNode>().ToArray()) };
        run.Show(response, output => TableWriter.Write(output, ["ALIAS", "TARGET KEY ID", "CREATED", "UPDATED"],
            aliases.Select(a => (IReadOnlyList<string>)
            [
                TableWriter.Text(a["AliasName"]),
                TableWriter.Text(a["TargetKeyId"]),
                TableWriter.Date(a["CreationDate"]),
                TableWriter.Date(a["LastUpdatedDate"]),
            ]).ToList(), run.Env.StdoutIsTerminal));
    }
}
