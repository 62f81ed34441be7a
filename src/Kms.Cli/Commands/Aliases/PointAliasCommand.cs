using System.Text.Json.Nodes;

namespace Kms.Cli.Commands.Aliases;

/// <summary><c>kms aliases create ALIAS KEYID</c> (<c>createalias</c>) and <c>kms aliases update ALIAS KEYID</c> (<c>updatealias</c>).</summary>
internal sealed class PointAliasCommand(bool create) : Command
{
    public override string Name => create ? "aliases create" : "aliases update";

    public override string Summary => create
        ? "create an alias for a key (ALIAS: alias/name; the alias/ prefix may be left out)"
        : "point an existing alias at another key";

    public override IReadOnlyList<string> Parameters => ["ALIAS", "KEYID"];

    public override async Task Execute(Invocation run)
    {
        var alias = AliasListing.Name(run.Parameter(0));
        var response = await run.Call(create ? "createalias" : "updatealias", new JsonObject { ["AliasName"] = alias, ["TargetKeyId"] = run.Parameter(1) });
        run.Show(response, output => output.WriteLine($"{(create ? "Created" : "Updated")} {alias} -> {run.Parameter(1)}."));
    }
}
