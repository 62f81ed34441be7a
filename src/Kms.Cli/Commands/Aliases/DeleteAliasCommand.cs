using System.Text.Json.Nodes;

namespace Kms.Cli.Commands.Aliases;

/// <summary><c>kms aliases delete ALIAS</c>: <c>deletealias</c>; the key is untouched.</summary>
internal sealed class DeleteAliasCommand : Command
{
    public override string Name => "aliases delete";

    public override string Summary => "delete an alias (its key is untouched)";

    public override IReadOnlyList<string> Parameters => ["ALIAS"];

    public override async Task Execute(Invocation run)
    {
        var alias = AliasListing.Name(run.Parameter(0));
        var response = await run.Call("deletealias", new JsonObject { ["AliasName"] = alias });
        run.Show(response, output => output.WriteLine($"Deleted {alias}."));
    }
}
