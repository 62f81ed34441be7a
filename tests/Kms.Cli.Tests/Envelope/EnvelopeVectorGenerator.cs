using System.Security.Cryptography;
using System.Text.Json;
using Kms.Cli.Envelope;
using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Envelope;

/// <summary>
/// Made the committed <see cref="EnvelopeVector"/> with the <c>kms</c> tool and node of its day; the guards never call
/// it. Its data key is wrapped by a key of the journal fixture: a new fixture needs a new vector, made after it.
/// </summary>
public sealed class EnvelopeVectorGenerator
{
    private const string KeyId = "alias/fixture-rotated";

    [GeneratorFact]
    public async Task Generator_writes_the_envelope_vector()
    {
        using var directory = new TestDirectory();
        var files = JournalFixture.CopyTo(directory.Path);
        await using var node = await JournalFixture.Start(files);
        var kms = KmsTool.Against(node, directory.Path);
        var plaintext = EnvelopeVector.GeneratedPlaintext();
        await File.WriteAllBytesAsync(directory.File("plain"), plaintext);

        (await kms.Run("encrypt-file", "--key-id", KeyId, "--in", directory.File("plain"), "--out", directory.File("sealed"))).Ok();

        await using var sealedFile = File.OpenRead(directory.File("sealed"));
        var header = await EnvelopeHeader.ReadAsync(sealedFile, CancellationToken.None);
        using var client = node.Client();
        var dataKey = await client.Decrypt(Convert.ToBase64String(header.WrappedKey));
        var chunks = (plaintext.Length + header.ChunkSize - 1) / header.ChunkSize;
        var vector = new EnvelopeVector(
            $"{EnvelopeVector.FileName}: a file written by kms encrypt-file under {KeyId} of the journal fixture (tests/Kms.Node.Tests/Fixtures/journal-v1), "
            + "with its data key in the clear for checks without a node. Test data. Made by EnvelopeVectorGenerator; never edit, never regenerate to make a test pass.",
            KeyId, Convert.ToBase64String(header.WrappedKey), Convert.ToHexStringLower(dataKey), header.ChunkSize, chunks, plaintext.Length,
            Convert.ToHexStringLower(SHA256.HashData(plaintext)));

        var target = Path.Combine(GeneratorFactAttribute.SourceDirectory("Kms.Cli.Tests"), "Vectors");
        File.Copy(directory.File("sealed"), Path.Combine(target, EnvelopeVector.FileName), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(target, EnvelopeVector.FactsName), JsonSerializer.Serialize(vector, EnvelopeVector.Json) + "\n");
    }
}
