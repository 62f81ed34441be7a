using Kms.Cli.Arguments;

namespace Kms.Cli.Commands.Crypto;

/// <summary>
/// <c>kms mac verify</c> (or <c>kms verify-mac</c>) <c>--key-id K --algorithm A --mac BASE64 [--in FILE]</c>: <c>verifymac</c>;
/// exit 0 when the MAC is valid, 1 with <c>KMSInvalidMacException</c> when not.
/// </summary>
internal sealed class VerifyMacCommand(string name) : Command
{
    public override string Name => name;

    public override string Summary => "check a MAC; exit 0 when valid, 1 (KMSInvalidMacException) when not";

    public override IReadOnlyList<OptionSpec> Options => MacCommand.MacOptions(withMac: true);

    public override async Task Execute(Invocation run)
    {
        var request = await MacCommand.Request(run);
        var mac = run.Args.Required("mac");
        try
        {
            request["Mac"] = Convert.ToBase64String(Convert.FromBase64String(mac));
        }
        catch (FormatException)
        {
            throw new UsageException($"--mac must be base64, not '{mac}'.");
        }
        var response = await run.Call("verifymac", request);
        run.Show(response, output => output.WriteLine("The MAC is valid."));
    }
}
