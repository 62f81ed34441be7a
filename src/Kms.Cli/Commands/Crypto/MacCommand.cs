using System.Text.Json.Nodes;
using Kms.Cli.Arguments;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Crypto;

/// <summary><c>kms mac --key-id K --algorithm HMAC_SHA_256 [--in FILE]</c>: <c>generatemac</c>; prints the MAC in base64.</summary>
internal sealed class MacCommand : Command
{
    public override string Name => "mac";

    public override string Summary => "HMAC of up to 4096 bytes with an HMAC key; prints the MAC in base64";

    public override IReadOnlyList<OptionSpec> Options => MacOptions(withMac: false);

    public static IReadOnlyList<OptionSpec> MacOptions(bool withMac) =>
    [
        CryptoOptions.KeyId("the HMAC key"),
        new("algorithm", "HMAC_SHA_256, HMAC_SHA_384 or HMAC_SHA_512 (the key's)", "ALGORITHM", Required: true),
        .. withMac ? [new OptionSpec("mac", "the MAC to check, in base64", "BASE64", Required: true)] : Array.Empty<OptionSpec>(),
        CryptoOptions.In,
    ];

    public static async Task<JsonObject> Request(Invocation run)
    {
        var message = await run.ReadInput(CryptoOptions.MaxPlaintextBytes, "a MAC covers at most 4096 bytes; MAC a digest of larger data.", base64: false);
        return new JsonObject
        {
            ["KeyId"] = run.Args.Required("key-id"),
            ["MacAlgorithm"] = run.Args.Required("algorithm"),
            ["Message"] = Convert.ToBase64String(message),
        };
    }

    public override async Task Execute(Invocation run)
    {
        var response = await run.Call("generatemac", await Request(run));
        run.Show(response, output => output.WriteLine(TableWriter.Text(response["Mac"])));
    }
}
