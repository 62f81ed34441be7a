using System.Text.Json.Nodes;
using Kms.Cli.Arguments;

namespace Kms.Cli.Commands.Crypto;

/// <summary><c>kms reencrypt --destination-key-id K [--in FILE] [--out FILE]</c>: <c>reencrypt</c>, the plaintext never leaving the service.</summary>
internal sealed class ReEncryptCommand : Command
{
    public override string Name => "reencrypt";

    public override string Summary => "re-encrypt a ciphertext blob under another key (or the same key's newest material) without exposing the plaintext";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("destination-key-id", "the key to encrypt under", "KEYID", Required: true),
        new("source-context", "encryption context the blob was made with", "KEY=VALUE", Repeatable: true),
        new("destination-context", "encryption context for the new blob", "KEY=VALUE", Repeatable: true),
        new("source-key-id", "refuse unless the blob is under this key", "KEYID"),
        CryptoOptions.In,
        CryptoOptions.Out,
        CryptoOptions.Base64("read and write base64 text instead of raw bytes"),
    ];

    public override async Task Execute(Invocation run)
    {
        var blob = await run.ReadInput(CryptoOptions.MaxCiphertextBytes, "that is not a ciphertext blob.", run.Args.Flag("base64"));
        var request = new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(blob),
            ["DestinationKeyId"] = run.Args.Required("destination-key-id"),
        };
        if (CryptoOptions.Map(run.Args.Pairs("source-context")) is { } source) request["SourceEncryptionContext"] = source;
        if (CryptoOptions.Map(run.Args.Pairs("destination-context")) is { } destination) request["DestinationEncryptionContext"] = destination;
        if (run.Args.Value("source-key-id") is { } sourceKey) request["SourceKeyId"] = sourceKey;
        var response = await run.Call("reencrypt", request);
        await run.WriteBinary(Convert.FromBase64String(Invocation.Base64(response, "CiphertextBlob")), response, secret: false, base64: run.Args.Flag("base64"));
    }
}
