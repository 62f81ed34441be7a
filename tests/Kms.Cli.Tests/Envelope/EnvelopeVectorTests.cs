using System.Security.Cryptography;
using Kms.Cli.Envelope;
using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Envelope;

/// <summary>
/// A file an earlier <c>kms encrypt-file</c> wrote (Vectors/envelope-v1.kmsf) must decrypt: its header and chunk
/// layout offline with the recorded data key, and end to end through <c>kms decrypt-file</c> against the real node
/// recovered from the journal fixture whose key wrapped that data key.
/// </summary>
public sealed class EnvelopeVectorTests
{
    private static readonly EnvelopeVector Vector = EnvelopeVector.Load();

    [Fact]
    public async Task The_committed_header_reads_as_written()
    {
        await using var input = File.OpenRead(EnvelopeVector.FilePath);

        var header = await EnvelopeHeader.ReadAsync(input, CancellationToken.None);

        Assert.Equal(Vector.ChunkSize, header.ChunkSize);
        Assert.Equal(Vector.WrappedKey, Convert.ToBase64String(header.WrappedKey));
        Assert.True(Vector.Chunks > 1, "the vector spans more than one chunk");
    }

    [Fact]
    public async Task The_committed_file_decrypts_with_its_data_key()
    {
        await using var input = File.OpenRead(EnvelopeVector.FilePath);
        using var output = new MemoryStream();
        var header = await EnvelopeHeader.ReadAsync(input, CancellationToken.None);

        var chunks = await EnvelopeCipher.DecryptAsync(input, output, header, Convert.FromHexString(Vector.DataKey), _ => { }, CancellationToken.None);

        Assert.Equal(Vector.Chunks, chunks);
        Assert.Equal(Vector.PlaintextLength, output.Length);
        Assert.Equal(Vector.PlaintextSha256, Convert.ToHexStringLower(SHA256.HashData(output.ToArray())));
    }

    [Fact]
    public async Task Kms_decrypt_file_opens_the_committed_file_against_the_node_recovered_from_the_journal_fixture()
    {
        using var directory = new TestDirectory();
        var files = JournalFixture.CopyTo(directory.Path);
        await using var node = await JournalFixture.Start(files);
        var kms = KmsTool.Against(node, directory.Path);

        (await kms.Run("decrypt-file", "--in", EnvelopeVector.FilePath, "--out", directory.File("opened"))).Ok();

        var opened = await File.ReadAllBytesAsync(directory.File("opened"));
        Assert.Equal(Vector.PlaintextSha256, Convert.ToHexStringLower(SHA256.HashData(opened)));
    }
}
