using System.Text.Json.Nodes;
using Kms.Cli.Arguments;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Keys;

/// <summary><c>kms keys schedule-deletion KEYID [--days N]</c>: <c>schedulekeydeletion</c> (7–30 days, 30 by default).</summary>
internal sealed class ScheduleKeyDeletionCommand : Command
{
    public override string Name => "keys schedule-deletion";

    public override string Summary => "schedule a key's deletion; until then it can be cancelled, after it every ciphertext under the key is lost";

    public override IReadOnlyList<string> Parameters => ["KEYID"];

    public override IReadOnlyList<OptionSpec> Options => [new("days", "waiting period, 7 to 30 days (default 30)", "N")];

    public override async Task Execute(Invocation run)
    {
        var request = new JsonObject { ["KeyId"] = run.Parameter(0) };
        if (run.Args.Integer("days") is { } days) request["PendingWindowInDays"] = days;
        var response = await run.Call("schedulekeydeletion", request);
        run.Show(response, output => TableWriter.WriteFields(output, response, run.Env.StdoutIsTerminal));
    }
}
