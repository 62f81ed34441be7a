using System.Text.Json.Nodes;
using Kms.Cli.Arguments;

namespace Kms.Cli.Commands.Crypto;

/// <summary><c>kms encrypt --key-id K [--context k=v]... [--in FILE] [--out FILE] [--base64]</c>: <c>encrypt</c> of up to 4096 bytes.</summary>
internal sealed class EncryptCommand : Command
{
    public override string Name => "encrypt";

    public override string Summary => "encrypt up to 4096 bytes under a key; writes the ciphertext blob (raw bytes unless --base64)";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        CryptoOptions.KeyId("the key (id, ARN, alias name or alias ARN)"),
        CryptoOptions.Context,
        CryptoOptions.In,
        CryptoOptions.Out,
        CryptoOptions.Base64("write the ciphertext as base64 text"),
    ];

    public override async Task Execute(Invocation run)
    {
        var plaintext = await run.ReadInput(CryptoOptions.MaxPlaintextBytes, "use kms encrypt-file for larger data.", base64: false);
        var request = new JsonObject { ["KeyID"] = run.Args.Required("key-id"), ["Plaintext"] = Convert.ToBase64String(plaintext) };
        if (CryptoOptions.Map(run.Args.Pairs("context")) is { } context) request["EncryptionContext"] = context;
        var response = await run.Call("encrypt", request);
        await run.WriteBinary(Convert.FromBase64String(Invocation.Base64(response, "CiphertextBlob")), response, secret: false, base64: run.Args.Flag("base64"));
    }
}
