using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kms.Cli.Envelope;
using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Commands.Files;

public class EnvelopeFileCommandTests(KmsToolFixture fixture) : IClassFixture<KmsToolFixture>, IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private const int SealedChunkSize = ChunkSize + 16;
    private readonly KmsTool _kms = fixture.Kms;
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string FileIn(string name) => _directory.File(name);

    /// <summary>Encrypts fresh random bytes; returns the plaintext, the encrypted file's bytes and its header length.</summary>
    private async Task<(byte[] Plaintext, byte[] Encrypted, int HeaderLength)> EncryptRandom(int length)
    {
        var keyId = await fixture.CreateKey();
        var plaintext = RandomNumberGenerator.GetBytes(length);
        await File.WriteAllBytesAsync(FileIn("plain"), plaintext);
        (await _kms.Run("encrypt-file", "--key-id", keyId, "--in", FileIn("plain"), "--out", FileIn("sealed"))).Ok();
        var encrypted = await File.ReadAllBytesAsync(FileIn("sealed"));
        return (plaintext, encrypted, KeyIdEnd(encrypted) + 32);
    }

    /// <summary>Where a version 2 header's wrapped key ends (its key id's length follows).</summary>
    private static int WrappedKeyEnd(byte[] file) => 19 + BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(17));

    private static int KeyIdEnd(byte[] file) => WrappedKeyEnd(file) + 2 + BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(WrappedKeyEnd(file)));

    private static string HeaderKeyId(byte[] file) => Encoding.UTF8.GetString(file, WrappedKeyEnd(file) + 2, KeyIdEnd(file) - WrappedKeyEnd(file) - 2);

    /// <summary>decrypt-file of <paramref name="file"/> must exit 4 and leave the directory as it was.</summary>
    private async Task AssertRefused(byte[] file, string what)
    {
        await File.WriteAllBytesAsync(FileIn("altered"), file);
        var before = Directory.GetFiles(_directory.Path).Order().ToArray();
        var result = await _kms.Run("decrypt-file", "--in", FileIn("altered"), "--out", FileIn("must-not-exist"));
        Assert.True(result.ExitCode == 4 && result.Stderr.StartsWith("kms: integrity check failed: ", StringComparison.Ordinal),
            $"{what}: expected exit 4, got {result.ExitCode}: {result.Stderr}");
        Assert.Equal(before, Directory.GetFiles(_directory.Path).Order().ToArray());
    }

    [Fact]
    public async Task A_multi_chunk_file_round_trips_and_the_plaintext_is_owner_only()
    {
        var (plaintext, encrypted, headerLength) = await EncryptRandom(1024 * 1024 + 17);
        Assert.Equal(headerLength + plaintext.Length + 17 * 16, encrypted.Length);
        Assert.Equal("KMSF"u8.ToArray(), encrypted[..4]);

        var decrypted = (await _kms.Run("decrypt-file", "--in", FileIn("sealed"), "--out", FileIn("opened"), "--output", "json")).Ok();
        Assert.Equal(17, (int)decrypted.Json["Chunks"]!);
        Assert.Equal(plaintext.Length, (long)decrypted.Json["PlaintextBytes"]!);
        Assert.Empty(decrypted.Stderr);
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(FileIn("opened")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FileIn("opened")));
        Assert.Equal(["opened", "plain", "sealed"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2 * ChunkSize)]
    public async Task Empty_files_and_exact_multiples_of_the_chunk_size_round_trip(int length)
    {
        var (plaintext, _, _) = await EncryptRandom(length);
        var text = (await _kms.Run("decrypt-file", "--in", FileIn("sealed"), "--out", FileIn("opened"))).Ok().Stdout;
        Assert.StartsWith("Decrypted ", text);
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(FileIn("opened")));
    }

    [Fact]
    public async Task Changing_one_byte_anywhere_is_refused_and_writes_nothing()
    {
        var (_, encrypted, headerLength) = await EncryptRandom(2 * ChunkSize + 100);
        var positions = Enumerable.Range(0, headerLength)
            .Concat(new[] { 0, 1, ChunkSize - 1, ChunkSize, SealedChunkSize - 1 }.SelectMany(offset => new[] { 0, 1, 2 }.Select(chunk => headerLength + chunk * SealedChunkSize + offset)))
            .Append(encrypted.Length - 1)
            .Where(p => p < encrypted.Length)
            .Distinct();
        foreach (var position in positions)
        {
            var altered = (byte[])encrypted.Clone();
            altered[position] ^= 0x80;
            await AssertRefused(altered, $"byte {position} changed");
        }
    }

    [Fact]
    public async Task Truncated_extended_and_reordered_files_are_refused()
    {
        var (_, encrypted, headerLength) = await EncryptRandom(3 * ChunkSize + 100);
        var chunk = (int i) => encrypted[(headerLength + i * SealedChunkSize)..Math.Min(encrypted.Length, headerLength + (i + 1) * SealedChunkSize)];

        await AssertRefused(encrypted[..^1], "last byte cut");
        await AssertRefused(encrypted[..(headerLength + 3 * SealedChunkSize)], "final chunk cut at a chunk boundary");
        await AssertRefused(encrypted[..(headerLength + SealedChunkSize)], "all but the first chunk cut");
        await AssertRefused(encrypted[..headerLength], "only the header");
        await AssertRefused(encrypted[..10], "cut inside the header");
        await AssertRefused([], "empty file");
        await AssertRefused([.. encrypted, 0], "one byte appended");
        await AssertRefused([.. encrypted, .. chunk(1)], "a chunk appended");
        await AssertRefused([.. encrypted[..headerLength], .. chunk(1), .. chunk(0), .. chunk(2), .. chunk(3)], "chunks 0 and 1 swapped");
        await AssertRefused([.. encrypted[..headerLength], .. chunk(0), .. chunk(2), .. chunk(1), .. chunk(3)], "chunks 1 and 2 swapped");
    }

    [Fact]
    public async Task A_header_rewritten_with_a_valid_digest_but_a_damaged_data_key_is_refused_by_the_service()
    {
        var (_, encrypted, headerLength) = await EncryptRandom(100);
        var altered = (byte[])encrypted.Clone();
        altered[WrappedKeyEnd(encrypted) - 1] ^= 0x01;
        SHA256.HashData(altered.AsSpan(0, headerLength - 32), altered.AsSpan(headerLength - 32));
        await AssertRefused(altered, "wrapped key changed, digest recomputed");
        var result = await _kms.Run("decrypt-file", "--in", FileIn("altered"), "--out", FileIn("x"));
        Assert.Contains("InvalidCiphertextException", result.Stderr);
    }

    [Fact]
    public async Task A_failed_decryption_leaves_an_existing_output_file_as_it_was()
    {
        var (_, encrypted, _) = await EncryptRandom(ChunkSize + 1);
        await File.WriteAllTextAsync(FileIn("existing"), "keep me");
        await File.WriteAllBytesAsync(FileIn("altered"), encrypted[..^1]);
        (await _kms.Run("decrypt-file", "--in", FileIn("altered"), "--out", FileIn("existing"))).Failed(4, "kms: integrity check failed: ");
        Assert.Equal("keep me", await File.ReadAllTextAsync(FileIn("existing")));
    }

    [Fact]
    public async Task A_disabled_key_is_a_service_error_not_an_integrity_failure()
    {
        var keyId = await fixture.CreateKey();
        await File.WriteAllBytesAsync(FileIn("plain"), RandomNumberGenerator.GetBytes(10));
        (await _kms.Run("encrypt-file", "--key-id", keyId, "--in", FileIn("plain"), "--out", FileIn("sealed"))).Ok();
        (await _kms.Run("keys", "disable", keyId)).Ok();

        (await _kms.Run("decrypt-file", "--in", FileIn("sealed"), "--out", FileIn("opened"))).Failed(1, "kms: DisabledException: ");
        (await _kms.Run("encrypt-file", "--key-id", keyId, "--in", FileIn("plain"), "--out", FileIn("again"))).Failed(1, "kms: DisabledException: ");
        Assert.Equal(["plain", "sealed"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Encrypting_twice_gives_different_files_that_both_decrypt()
    {
        var keyId = await fixture.CreateKey();
        await File.WriteAllBytesAsync(FileIn("plain"), "same content"u8.ToArray());
        (await _kms.Run("encrypt-file", "--key-id", keyId, "--in", FileIn("plain"), "--out", FileIn("one"))).Ok();
        var json = (await _kms.Run("encrypt-file", "--key-id", keyId, "--in", FileIn("plain"), "--out", FileIn("two"), "-o", "json")).Ok().Json;
        Assert.Equal(12, (long)json["PlaintextBytes"]!);
        Assert.Equal(1, (long)json["Chunks"]!);
        Assert.NotEqual(await File.ReadAllBytesAsync(FileIn("one")), await File.ReadAllBytesAsync(FileIn("two")));
        (await _kms.Run("decrypt-file", "--in", FileIn("two"), "--out", FileIn("opened"))).Ok();
        Assert.Equal("same content", await File.ReadAllTextAsync(FileIn("opened")));
    }

    [Fact]
    public async Task The_header_names_the_key_by_its_id_even_when_encrypted_through_an_alias()
    {
        var keyId = await fixture.CreateKey();
        var alias = "alias/files-" + Guid.NewGuid().ToString("N")[..8];
        (await _kms.Run("aliases", "create", alias, keyId)).Ok();
        await File.WriteAllBytesAsync(FileIn("plain"), "by alias"u8.ToArray());
        (await _kms.Run("encrypt-file", "--key-id", alias, "--in", FileIn("plain"), "--out", FileIn("sealed"))).Ok();

        var encrypted = await File.ReadAllBytesAsync(FileIn("sealed"));
        Assert.Equal(EnvelopeHeader.Version, encrypted[4]);
        Assert.Equal(keyId, HeaderKeyId(encrypted));
        (await _kms.Run("decrypt-file", "--in", FileIn("sealed"), "--out", FileIn("opened"))).Ok();
        Assert.Equal("by alias", await File.ReadAllTextAsync(FileIn("opened")));
    }

    [Fact]
    public async Task A_header_rewritten_to_name_another_key_is_refused_by_the_service()
    {
        var (_, encrypted, headerLength) = await EncryptRandom(100);
        var other = await fixture.CreateKey();
        var altered = (byte[])encrypted.Clone();
        Encoding.UTF8.GetBytes(other).CopyTo(altered, WrappedKeyEnd(encrypted) + 2);
        SHA256.HashData(altered.AsSpan(0, headerLength - 32), altered.AsSpan(headerLength - 32));
        await File.WriteAllBytesAsync(FileIn("altered"), altered);

        (await _kms.Run("decrypt-file", "--in", FileIn("altered"), "--out", FileIn("opened"))).Failed(1, "kms: IncorrectKeyException: ");
        Assert.False(File.Exists(FileIn("opened")));
    }

    [Fact]
    public async Task A_file_encrypted_with_a_context_decrypts_only_with_that_context()
    {
        var keyId = await fixture.CreateKey();
        await File.WriteAllBytesAsync(FileIn("plain"), "tenant data"u8.ToArray());
        (await _kms.Run("encrypt-file", "--key-id", keyId, "--context", "tenant=acme", "--in", FileIn("plain"), "--out", FileIn("sealed"))).Ok();

        (await _kms.Run("decrypt-file", "--in", FileIn("sealed"), "--out", FileIn("opened"))).Failed(4, "kms: integrity check failed: ");
        (await _kms.Run("decrypt-file", "--context", "tenant=evil", "--in", FileIn("sealed"), "--out", FileIn("opened"))).Failed(4, "kms: integrity check failed: ");
        Assert.False(File.Exists(FileIn("opened")));
        (await _kms.Run("decrypt-file", "--context", "tenant=acme", "--in", FileIn("sealed"), "--out", FileIn("opened"))).Ok();
        Assert.Equal("tenant data", await File.ReadAllTextAsync(FileIn("opened")));
    }

    [Fact]
    public async Task A_version_1_file_without_a_key_id_still_decrypts()
    {
        var keyId = await fixture.CreateKey();
        var dataKey = await fixture.Api("generatedatakey", new JsonObject { ["KeyID"] = keyId, ["KeySpec"] = "AES_256" });
        var wrapped = Convert.FromBase64String((string)dataKey["CiphertextBlob"]!);
        // A version 1 header exactly as docs/envelope-file-format.md lays it out: no key id before the digest.
        var header = new byte[19 + wrapped.Length + 32];
        "KMSF"u8.CopyTo(header);
        header[4] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(5), 65536);
        RandomNumberGenerator.Fill(header.AsSpan(9, 8));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(17), (ushort)wrapped.Length);
        wrapped.CopyTo(header, 19);
        SHA256.HashData(header.AsSpan(0, 19 + wrapped.Length), header.AsSpan(19 + wrapped.Length));
        var parsed = await EnvelopeHeader.ReadAsync(new MemoryStream(header), CancellationToken.None);
        Assert.Null(parsed.KeyId);
        var plaintext = RandomNumberGenerator.GetBytes(70_000);
        using (var file = File.Create(FileIn("old.kmsf")))
            await EnvelopeCipher.EncryptAsync(new MemoryStream(plaintext), file, parsed, Convert.FromBase64String((string)dataKey["Plaintext"]!), _ => { }, CancellationToken.None);

        (await _kms.Run("decrypt-file", "--in", FileIn("old.kmsf"), "--out", FileIn("opened"))).Ok();
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(FileIn("opened")));

        var other = await fixture.CreateKey();
        (await _kms.Run("decrypt-file", "--key-id", other, "--in", FileIn("old.kmsf"), "--out", FileIn("pinned"))).Failed(4, "kms: integrity check failed: ");
        Assert.False(File.Exists(FileIn("pinned")));
        (await _kms.Run("decrypt-file", "--key-id", keyId, "--in", FileIn("old.kmsf"), "--out", FileIn("pinned"))).Ok();
    }

    [Fact]
    public async Task A_file_under_another_key_than_the_pinned_key_id_is_refused_and_writes_nothing()
    {
        var expected = await fixture.CreateKey();
        var alias = "alias/pinned-" + Guid.NewGuid().ToString("N")[..8];
        (await _kms.Run("aliases", "create", alias, expected)).Ok();
        // A whole, valid file under another key the caller may also use, put where the expected file was.
        var (plaintext, encrypted, _) = await EncryptRandom(100);
        await File.WriteAllBytesAsync(FileIn("swapped"), encrypted);

        var refused = (await _kms.Run("decrypt-file", "--key-id", alias, "--in", FileIn("swapped"), "--out", FileIn("opened"))).Failed(4, "kms: integrity check failed: ");
        Assert.Contains(HeaderKeyId(encrypted), refused.Stderr);
        Assert.False(File.Exists(FileIn("opened")));

        (await _kms.Run("decrypt-file", "--key-id", HeaderKeyId(encrypted), "--in", FileIn("swapped"), "--out", FileIn("opened"))).Ok();
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(FileIn("opened")));
    }
}
