using System.Text.Json.Nodes;
using Kms.Cli.Arguments;

namespace Kms.Cli.Commands.Crypto;

/// <summary><c>kms random N [--out FILE] [--base64]</c>: <c>generaterandom</c>, 1 to 1024 bytes.</summary>
internal sealed class RandomCommand : Command
{
    public override string Name => "random";

    public override string Summary => "N random bytes (1 to 1024) from the service (raw bytes unless --base64)";

    public override IReadOnlyList<string> Parameters => ["N"];

    public override IReadOnlyList<OptionSpec> Options => [CryptoOptions.Out, CryptoOptions.Base64("write base64 text")];

    public override async Task Execute(Invocation run)
    {
        var count = run.Args.ParseInteger(run.Parameter(0), "N");
        var response = await run.Call("generaterandom", new JsonObject { ["NumberOfBytes"] = count });
        await run.WriteBinary(Convert.FromBase64String(Invocation.Base64(response, "Plaintext")), response, secret: true, base64: run.Args.Flag("base64"));
    }
}
