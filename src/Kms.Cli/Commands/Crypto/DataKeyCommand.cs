using System.Text.Json.Nodes;
using Kms.Cli.Arguments;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Crypto;

/// <summary><c>kms datakey --key-id K [--bytes N | --key-spec AES_256|AES_128] [--without-plaintext]</c>: a data key for envelope encryption.</summary>
internal sealed class DataKeyCommand : Command
{
    public override string Name => "datakey";

    public override string Summary => "make a data key: its plaintext and its ciphertext blob under a key (base64)";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        CryptoOptions.KeyId("the key that wraps the data key"),
        new("bytes", "data key length, 1 to 1024 bytes", "N"),
        new("key-spec", "AES_256 (the default, 32 bytes) or AES_128", "SPEC"),
        new("without-plaintext", "only the ciphertext blob (generatedatakeywithoutplaintext)"),
        CryptoOptions.Context,
    ];

    public override async Task Execute(Invocation run)
    {
        var request = new JsonObject { ["KeyID"] = run.Args.Required("key-id") };
        var bytes = run.Args.Integer("bytes");
        var spec = run.Args.Value("key-spec");
        if (bytes is not null && spec is not null) throw new UsageException("give --bytes or --key-spec, not both.");
        if (bytes is not null) request["NumberOfBytes"] = bytes;
        if (spec is not null) request["KeySpec"] = spec;
        if (CryptoOptions.Map(run.Args.Pairs("context")) is { } context) request["EncryptionContext"] = context;
        var response = await run.Call(run.Args.Flag("without-plaintext") ? "generatedatakeywithoutplaintext" : "generatedatakey", request);
        run.Show(response, output => TableWriter.WriteFields(output, response, run.Env.StdoutIsTerminal));
    }
}
