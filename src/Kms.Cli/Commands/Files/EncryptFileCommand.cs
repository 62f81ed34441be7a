using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kms.Cli.Arguments;
using Kms.Cli.Commands.Crypto;
using Kms.Cli.Connection;
using Kms.Cli.Envelope;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Files;

/// <summary>
/// <c>kms encrypt-file --key-id K --in FILE --out FILE</c>: envelope encryption of a file of any size
/// (docs/envelope-file-format.md) under a fresh 256-bit data key from <c>generatedatakey</c>, with an optional
/// encryption context. The header names the key by its id, resolved first, not by the alias it may have been given as:
/// an alias can later point elsewhere.
/// </summary>
internal sealed class EncryptFileCommand : Command
{
    public override string Name => "encrypt-file";

    public override string Summary => "encrypt a file of any size under a fresh data key wrapped by a key (streamed, 64 KiB AES-256-GCM chunks)";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("key-id", "the key that wraps the file's data key", "KEYID", Required: true),
        CryptoOptions.Context,
        new("in", "the file to encrypt", "FILE", Required: true),
        new("out", "the encrypted file to write (replaced only once complete)", "FILE", Required: true),
    ];

    public override async Task Execute(Invocation run)
    {
        var keyId = run.Args.Required("key-id");
        var (inPath, outPath) = (run.Args.Required("in"), run.Args.Required("out"));
        await using var input = BinaryInput.OpenFile(run.Env, inPath);

        var described = await run.Call("describekey", new JsonObject { ["KeyId"] = keyId });
        var resolvedKeyId = (described["KeyMetadata"] as JsonObject)?["KeyId"]?.GetValue<string>()
                            ?? throw new ServiceException("InvalidResponse", "describekey answered without a KeyMetadata.KeyId.");
        var request = new JsonObject { ["KeyID"] = resolvedKeyId, ["KeySpec"] = "AES_256" };
        if (CryptoOptions.Map(run.Args.Pairs("context")) is { } context) request["EncryptionContext"] = context;
        var answer = await run.Client.CallRaw("generatedatakey", request, run.Cancellation);
        byte[] dataKey, wrappedKey;
        try
        {
            dataKey = SecretJson.Base64Field(answer, "Plaintext");
            wrappedKey = SecretJson.Base64Field(answer, "CiphertextBlob");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(answer);
        }

        long chunks, plaintextBytes = 0;
        try
        {
            if (dataKey.Length != ChunkCipher.KeySize) throw new ServiceException("InvalidResponse", $"generatedatakey gave {dataKey.Length} bytes, not {ChunkCipher.KeySize}.");
            var header = EnvelopeHeader.Create(wrappedKey, resolvedKeyId);
            await using var output = PendingFile.Create(run.Env.FullPath(outPath), ownerOnly: false);
            chunks = await FileProgress.Show(run.Env, "encrypting", input.CanSeek ? input.Length : 0, advance =>
                EnvelopeCipher.EncryptAsync(input, output.Stream, header, dataKey, read =>
                {
                    plaintextBytes += read;
                    advance(read);
                }, run.Cancellation));
            await output.CommitAsync(run.Cancellation);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        var result = new JsonObject { ["In"] = inPath, ["Out"] = outPath, ["KeyId"] = resolvedKeyId, ["PlaintextBytes"] = plaintextBytes, ["Chunks"] = chunks };
        run.Show(result, o => o.WriteLine($"Encrypted {inPath} ({plaintextBytes} bytes, {chunks} chunks) to {outPath} under {keyId}."));
    }
}
