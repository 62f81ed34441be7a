using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kms.Cli.Arguments;
using Kms.Cli.Commands.Crypto;
using Kms.Cli.Connection;
using Kms.Cli.Envelope;
using Kms.Cli.Output;

namespace Kms.Cli.Commands.Files;

/// <summary>
/// <c>kms decrypt-file --in FILE --out FILE</c>: checks and decrypts a file from <c>encrypt-file</c> into a temporary file
/// beside the output, renamed over it only when every chunk verified. A damaged file exits 4 and writes nothing. The
/// data key is unwrapped with the key id from the header (version 2) and the <c>--context</c> given, so the service
/// refuses a wrapped key from any other key or context. The header is the file's own claim: <c>--key-id</c> pins the
/// key the caller expects, so a whole file swapped for one under another key the caller may also use is refused.
/// </summary>
internal sealed class DecryptFileCommand : Command
{
    public override string Name => "decrypt-file";

    public override string Summary => "decrypt a file from encrypt-file; refuses (exit 4) a tampered, truncated or extended file and writes nothing";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("in", "the encrypted file", "FILE", Required: true),
        new("key-id", "the key the file must be encrypted under (id, alias or ARN); a file naming another is refused (exit 4)", "KEYID"),
        CryptoOptions.Context,
        new("out", "the plaintext file to write (owner-only; replaced only once every chunk verified)", "FILE", Required: true),
    ];

    public override async Task Execute(Invocation run)
    {
        var (inPath, outPath) = (run.Args.Required("in"), run.Args.Required("out"));
        await using var input = BinaryInput.OpenFile(run.Env, inPath);
        var header = await EnvelopeHeader.ReadAsync(input, run.Cancellation);
        var expectedKeyId = await ExpectedKeyId(run, header, inPath);
        var dataKey = await UnwrapDataKey(run, header, expectedKeyId);
        long chunks;
        try
        {
            await using var output = PendingFile.Create(run.Env.FullPath(outPath), ownerOnly: true);
            try
            {
                chunks = await FileProgress.Show(run.Env, "decrypting", input.CanSeek ? input.Length : 0, advance =>
                    EnvelopeCipher.DecryptAsync(input, output.Stream, header, dataKey, advance, run.Cancellation));
            }
            catch (IntegrityException e)
            {
                throw new IntegrityException($"{inPath}: {e.Message} Nothing was written to {outPath}.");
            }
            await output.CommitAsync(run.Cancellation);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        var plaintextBytes = new FileInfo(run.Env.FullPath(outPath)).Length;
        var result = new JsonObject { ["In"] = inPath, ["Out"] = outPath, ["PlaintextBytes"] = plaintextBytes, ["Chunks"] = chunks };
        run.Show(result, o => o.WriteLine($"Decrypted {inPath} ({plaintextBytes} bytes, {chunks} chunks, all verified) to {outPath}."));
    }

    /// <summary>
    /// The key id <c>--key-id</c> resolves to, checked against the header's, or null without <c>--key-id</c>. A version 1
    /// header names no key: the service then refuses a data key wrapped under another (<c>IncorrectKeyException</c>).
    /// </summary>
    private static async Task<string?> ExpectedKeyId(Invocation run, EnvelopeHeader header, string inPath)
    {
        if (run.Args.Value("key-id") is not { } pinned) return null;
        var described = await run.Call("describekey", new JsonObject { ["KeyId"] = pinned });
        var expected = (described["KeyMetadata"] as JsonObject)?["KeyId"]?.GetValue<string>()
                       ?? throw new ServiceException("InvalidResponse", "describekey answered without a KeyMetadata.KeyId.");
        if (header.KeyId is { } named && !string.Equals(named, expected, StringComparison.Ordinal))
            throw new IntegrityException($"{inPath} is encrypted under key {named}, not under --key-id {pinned} ({expected}). Nothing was written.");
        return expected;
    }

    /// <summary>The service unwraps the data key; a blob it finds altered means the file was.</summary>
    private static async Task<byte[]> UnwrapDataKey(Invocation run, EnvelopeHeader header, string? expectedKeyId)
    {
        byte[] answer;
        try
        {
            var request = new JsonObject { ["CiphertextBlob"] = Convert.ToBase64String(header.WrappedKey) };
            if ((expectedKeyId ?? header.KeyId) is { } keyId) request["KeyId"] = keyId;
            if (CryptoOptions.Map(run.Args.Pairs("context")) is { } context) request["EncryptionContext"] = context;
            answer = await run.Client.CallRaw("decrypt", request, run.Cancellation);
        }
        catch (ServiceException e) when (e.Type == "IncorrectKeyException" && expectedKeyId is not null)
        {
            throw new IntegrityException($"the file's data key is not wrapped under --key-id {expectedKeyId}. Nothing was written.");
        }
        catch (ServiceException e) when (e.Type == "InvalidCiphertextException")
        {
            throw new IntegrityException($"the file's wrapped data key does not decrypt: the --context is not the one it was encrypted with, or the file was altered ({e.Type}: {e.Message})");
        }
        try
        {
            var dataKey = SecretJson.Base64Field(answer, "Plaintext");
            if (dataKey.Length == ChunkCipher.KeySize) return dataKey;
            CryptographicOperations.ZeroMemory(dataKey);
            throw new IntegrityException($"the file's data key is {dataKey.Length} bytes, not {ChunkCipher.KeySize}.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(answer);
        }
    }
}
