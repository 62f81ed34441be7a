using System.Security.Cryptography;
using Kms.Cli.Envelope;

namespace Kms.Cli.Tests.Envelope;

/// <summary>
/// The envelope format with a tiny chunk size and a local data key (no service), so every byte of a file can be
/// altered and every truncation tried.
/// </summary>
public class EnvelopeCipherTests
{
    private const int ChunkSize = 16;
    private static readonly byte[] DataKey = RandomNumberGenerator.GetBytes(ChunkCipher.KeySize);
    private static readonly byte[] WrappedKey = RandomNumberGenerator.GetBytes(118);
    private const string KeyId = "4b1ed4c0-83f8-4e0a-9a3c-7f1bd0d2a6e5";

    private static async Task<byte[]> Encrypt(byte[] plaintext, int chunkSize = ChunkSize)
    {
        using var output = new MemoryStream();
        await EnvelopeCipher.EncryptAsync(new MemoryStream(plaintext), output, EnvelopeHeader.Create(WrappedKey, KeyId, chunkSize), DataKey, _ => { }, CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<byte[]> Decrypt(byte[] file)
    {
        using var input = new MemoryStream(file);
        using var output = new MemoryStream();
        var header = await EnvelopeHeader.ReadAsync(input, CancellationToken.None);
        Assert.Equal(WrappedKey, header.WrappedKey);
        Assert.Equal(KeyId, header.KeyId);
        await EnvelopeCipher.DecryptAsync(input, output, header, DataKey, _ => { }, CancellationToken.None);
        return output.ToArray();
    }

    private static int HeaderLength => EnvelopeHeader.Create(WrappedKey, KeyId).Encoded.Length;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(15, 1)]
    [InlineData(16, 1)]
    [InlineData(17, 2)]
    [InlineData(48, 3)]
    [InlineData(100, 7)]
    public async Task Any_length_round_trips_in_the_expected_number_of_chunks(int length, int chunks)
    {
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var file = await Encrypt(plaintext);
        Assert.Equal(HeaderLength + length + chunks * ChunkCipher.TagSize, file.Length);
        Assert.Equal(plaintext, await Decrypt(file));
    }

    [Fact]
    public async Task Changing_any_single_byte_is_refused()
    {
        var file = await Encrypt(RandomNumberGenerator.GetBytes(50));
        for (var position = 0; position < file.Length; position++)
        {
            var altered = (byte[])file.Clone();
            altered[position] ^= 0x01;
            await Assert.ThrowsAsync<IntegrityException>(() => Decrypt(altered));
        }
    }

    [Fact]
    public async Task Every_truncation_is_refused()
    {
        var file = await Encrypt(RandomNumberGenerator.GetBytes(50));
        for (var length = 0; length < file.Length; length++)
            await Assert.ThrowsAsync<IntegrityException>(() => Decrypt(file[..length]));
    }

    [Theory]
    [InlineData(48)]
    [InlineData(50)]
    [InlineData(0)]
    public async Task Anything_appended_is_refused(int length)
    {
        var file = await Encrypt(RandomNumberGenerator.GetBytes(length));
        await Assert.ThrowsAsync<IntegrityException>(() => Decrypt([.. file, 0]));
        await Assert.ThrowsAsync<IntegrityException>(() => Decrypt([.. file, .. file[HeaderLength..]]));
        await Assert.ThrowsAsync<IntegrityException>(() => Decrypt([.. file, .. new byte[ChunkCipher.TagSize]]));
    }

    [Fact]
    public async Task Swapped_chunks_are_refused()
    {
        var file = await Encrypt(RandomNumberGenerator.GetBytes(3 * ChunkSize + 5));
        const int sealedSize = ChunkSize + ChunkCipher.TagSize;
        var first = HeaderLength;
        var second = HeaderLength + sealedSize;
        byte[] swapped = [.. file[..first], .. file[second..(second + sealedSize)], .. file[first..second], .. file[(second + sealedSize)..]];
        Assert.Equal(file.Length, swapped.Length);
        await Assert.ThrowsAsync<IntegrityException>(() => Decrypt(swapped));
    }

    [Fact]
    public async Task A_chunk_of_another_file_under_the_same_data_key_is_refused()
    {
        var plaintext = RandomNumberGenerator.GetBytes(2 * ChunkSize + 3);
        var one = await Encrypt(plaintext);
        var other = await Encrypt(plaintext);
        Assert.NotEqual(one[HeaderLength..], other[HeaderLength..]);
        byte[] spliced = [.. one[..HeaderLength], .. other[HeaderLength..]];
        await Assert.ThrowsAsync<IntegrityException>(() => Decrypt(spliced));
    }

    [Fact]
    public async Task Something_that_is_not_an_envelope_file_is_refused_by_its_magic()
    {
        var error = await Assert.ThrowsAsync<IntegrityException>(() => Decrypt("just some text that is long enough to hold a header"u8.ToArray()));
        Assert.Contains("not a file written by kms encrypt-file", error.Message);
    }
}
