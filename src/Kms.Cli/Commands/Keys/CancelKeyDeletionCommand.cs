using System.Text.Json.Nodes;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Keys;

/// <summary><c>kms keys cancel-deletion KEYID</c>: <c>cancelkeydeletion</c>; the key comes back Disabled.</summary>
internal sealed class CancelKeyDeletionCommand : Command
{
    public override string Name => "keys cancel-deletion";

    public override string Summary => "cancel a scheduled deletion (the key is then Disabled; enable it to use it)";

    public override IReadOnlyList<string> Parameters => ["KEYID"];

    public override async Task Execute(Invocation run)
    {
        var response = await run.Call("cancelkeydeletion", new JsonObject { ["KeyId"] = run.Parameter(0) });
        run.Show(response, output => output.WriteLine($"Cancelled the deletion of {TableWriter.Text(response["KeyId"])}; it is Disabled until you enable it."));
    }
}
