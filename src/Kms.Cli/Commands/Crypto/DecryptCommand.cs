using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kms.Cli.Arguments;

namespace Kms.Cli.Commands.Crypto;

/// <summary><c>kms decrypt [--context k=v]... [--in FILE] [--out FILE] [--base64]</c>: <c>decrypt</c>; the key comes from the blob.</summary>
internal sealed class DecryptCommand : Command
{
    public override string Name => "decrypt";

    public override string Summary => "decrypt a ciphertext blob (raw bytes, or base64 text with --base64); writes the plaintext bytes";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        CryptoOptions.Context,
        CryptoOptions.KeyId("refuse unless the blob is under this key", required: false),
        CryptoOptions.In,
        CryptoOptions.Out,
        CryptoOptions.Base64("the input is base64 text"),
    ];

    public override async Task Execute(Invocation run)
    {
        var blob = await run.ReadInput(CryptoOptions.MaxCiphertextBytes, "that is not a ciphertext blob (kms decrypt-file decrypts files).", run.Args.Flag("base64"));
        var request = new JsonObject { ["CiphertextBlob"] = Convert.ToBase64String(blob) };
        if (CryptoOptions.Map(run.Args.Pairs("context")) is { } context) request["EncryptionContext"] = context;
        if (run.Args.Value("key-id") is { } keyId) request["KeyId"] = keyId;
        var response = await run.Call("decrypt", request);
        var plaintext = Convert.FromBase64String(Invocation.Base64(response, "Plaintext"));
        try
        {
            await run.WriteBinary(plaintext, response, secret: true, base64: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
