using System.Security.Cryptography;
using System.Text;
using Kms.Cli.Tests.Support;

namespace Kms.Cli.Tests.Commands.Crypto;

public class CryptoCommandTests(KmsToolFixture fixture) : IClassFixture<KmsToolFixture>
{
    private readonly KmsTool _kms = fixture.Kms;

    private string WorkFile(string name) => Path.Combine(fixture.WorkDirectory, Guid.NewGuid().ToString("N") + "-" + name);

    [Fact]
    public async Task Encrypt_and_decrypt_round_trip_raw_bytes_through_stdin_and_stdout()
    {
        var keyId = await fixture.CreateKey();
        byte[] plaintext = [0, 1, 2, 0xFF, 0xFE, (byte)'\n', (byte)'\r', 0x80, .. RandomNumberGenerator.GetBytes(4000)];

        var blob = (await _kms.Run(plaintext, "encrypt", "--key-id", keyId)).Ok().StdoutBytes;
        Assert.Equal((byte)'K', blob[0]);
        Assert.Equal(plaintext, (await _kms.Run(blob, "decrypt", "--in", "-", "--out", "-")).Ok().StdoutBytes);
    }

    [Fact]
    public async Task Files_and_encryption_context_round_trip_and_decrypt_needs_the_same_context()
    {
        var keyId = await fixture.CreateKey();
        var (plain, encrypted, decrypted) = (WorkFile("plain"), WorkFile("blob"), WorkFile("decrypted"));
        await File.WriteAllBytesAsync(plain, "context bound"u8.ToArray());

        (await _kms.Run("encrypt", "--key-id", keyId, "--in", plain, "--out", encrypted, "--context", "tenant=acme", "--context", "purpose=backup")).Ok();
        Assert.Empty((await _kms.Run("decrypt", "--in", encrypted, "--out", decrypted, "--context", "purpose=backup", "--context", "tenant=acme")).Ok().StdoutBytes);
        Assert.Equal("context bound"u8.ToArray(), await File.ReadAllBytesAsync(decrypted));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(decrypted));

        (await _kms.Run("decrypt", "--in", encrypted)).Failed(1, "kms: InvalidCiphertextException: ");
        (await _kms.Run("decrypt", "--in", encrypted, "--context", "tenant=acme")).Failed(1, "kms: InvalidCiphertextException: ");
    }

    [Fact]
    public async Task Base64_output_of_encrypt_is_base64_input_of_decrypt()
    {
        var keyId = await fixture.CreateKey();
        var text = (await _kms.Run("pipe me"u8.ToArray(), "encrypt", "--key-id", keyId, "--base64")).Ok().Stdout;
        Assert.EndsWith("\n", text);
        Assert.Equal((byte)'K', Convert.FromBase64String(text.Trim())[0]);
        Assert.Equal("pipe me"u8.ToArray(), (await _kms.Run(Encoding.ASCII.GetBytes(text), "decrypt", "--base64")).Ok().StdoutBytes);
        (await _kms.Run("not base64!"u8.ToArray(), "decrypt", "--base64")).Failed(2, "kms: the input is not base64");
    }

    [Fact]
    public async Task Json_output_of_encrypt_and_decrypt_is_the_service_answer()
    {
        var keyId = await fixture.CreateKey();
        var encrypted = (await _kms.Run("json"u8.ToArray(), "encrypt", "--key-id", keyId, "--output", "json")).Ok().Json;
        var blob = Convert.FromBase64String((string)encrypted["CiphertextBlob"]!);
        var decrypted = (await _kms.Run(blob, "decrypt", "-o", "json")).Ok().Json;
        Assert.Equal("json"u8.ToArray(), Convert.FromBase64String((string)decrypted["Plaintext"]!));
    }

    [Fact]
    public async Task Plaintext_over_4096_bytes_is_a_usage_error_and_an_empty_one_is_refused_by_the_service()
    {
        var keyId = await fixture.CreateKey();
        (await _kms.Run(new byte[4097], "encrypt", "--key-id", keyId)).Failed(2, "kms: the input is larger than 4096 bytes; use kms encrypt-file");
        (await _kms.Run(new byte[4096], "encrypt", "--key-id", keyId)).Ok();
        (await _kms.Run([], "encrypt", "--key-id", keyId)).Failed(1, "kms: ValidationException: ");
    }

    [Fact]
    public async Task Decrypt_with_another_key_id_is_refused()
    {
        var keyId = await fixture.CreateKey();
        var other = await fixture.CreateKey();
        var blob = (await _kms.Run("mine"u8.ToArray(), "encrypt", "--key-id", keyId)).Ok().StdoutBytes;
        var refused = await _kms.Run(blob, "decrypt", "--key-id", other);
        Assert.Equal(1, refused.ExitCode);
        Assert.Empty(refused.StdoutBytes);
    }

    [Fact]
    public async Task Reencrypt_moves_a_blob_to_another_key_and_context()
    {
        var source = await fixture.CreateKey();
        var destination = await fixture.CreateKey();
        var blob = (await _kms.Run("moving"u8.ToArray(), "encrypt", "--key-id", source, "--context", "a=1")).Ok().StdoutBytes;

        var answer = (await _kms.Run(blob, "reencrypt", "--destination-key-id", destination, "--source-context", "a=1", "--destination-context", "b=2", "--output", "json")).Ok().Json;
        Assert.Equal(destination, (string)answer["KeyID"]!);
        Assert.Equal(source, (string)answer["SourceKeyID"]!);

        var moved = (await _kms.Run(blob, "reencrypt", "--destination-key-id", destination, "--source-context", "a=1", "--destination-context", "b=2")).Ok().StdoutBytes;
        Assert.Equal("moving"u8.ToArray(), (await _kms.Run(moved, "decrypt", "--context", "b=2", "--key-id", destination)).Ok().StdoutBytes);
        (await _kms.Run(blob, "reencrypt", "--destination-key-id", destination)).Failed(1, "kms: InvalidCiphertextException: ");
    }

    [Fact]
    public async Task Datakey_gives_a_plaintext_and_a_blob_that_decrypts_to_it()
    {
        var keyId = await fixture.CreateKey();
        var dataKey = (await _kms.Run("datakey", "--key-id", keyId, "--output", "json")).Ok().Json;
        var plaintext = Convert.FromBase64String((string)dataKey["Plaintext"]!);
        Assert.Equal(32, plaintext.Length);
        var blob = Convert.FromBase64String((string)dataKey["CiphertextBlob"]!);
        Assert.Equal(plaintext, (await _kms.Run(blob, "decrypt")).Ok().StdoutBytes);

        Assert.Equal(16, Convert.FromBase64String((string)(await _kms.Run("datakey", "--key-id", keyId, "--key-spec", "AES_128", "-o", "json")).Ok().Json["Plaintext"]!).Length);
        Assert.Equal(7, Convert.FromBase64String((string)(await _kms.Run("datakey", "--key-id", keyId, "--bytes", "7", "-o", "json")).Ok().Json["Plaintext"]!).Length);
        var withoutPlaintext = (await _kms.Run("datakey", "--key-id", keyId, "--without-plaintext", "-o", "json")).Ok().Json.AsObject();
        Assert.False(withoutPlaintext.ContainsKey("Plaintext"));
        Assert.True(withoutPlaintext.ContainsKey("CiphertextBlob"));
        Assert.Contains("CiphertextBlob", (await _kms.Run("datakey", "--key-id", keyId)).Ok().Stdout);
        (await _kms.Run("datakey", "--key-id", keyId, "--bytes", "16", "--key-spec", "AES_128")).Failed(2, "kms: give --bytes or --key-spec, not both.");
    }

    [Fact]
    public async Task Random_writes_exactly_n_bytes_raw_or_in_base64()
    {
        Assert.Equal(32, (await _kms.Run("random", "32")).Ok().StdoutBytes.Length);
        Assert.Equal(1024, Convert.FromBase64String((await _kms.Run("random", "1024", "--base64")).Ok().Stdout.Trim()).Length);
        var file = WorkFile("random");
        (await _kms.Run("random", "5", "--out", file)).Ok();
        Assert.Equal(5, (await File.ReadAllBytesAsync(file)).Length);
        (await _kms.Run("random", "0")).Failed(1, "kms: ValidationException: ");
        (await _kms.Run("random", "many")).Failed(2, "kms: N must be a whole number");
    }

    [Fact]
    public async Task Mac_then_verify_accepts_the_message_and_refuses_another()
    {
        var keyId = await fixture.CreateKey("--key-spec", "HMAC_256", "--key-usage", "GENERATE_VERIFY_MAC");
        var message = WorkFile("message");
        await File.WriteAllBytesAsync(message, "pay 100 to bob"u8.ToArray());

        var mac = (await _kms.Run("mac", "--key-id", keyId, "--algorithm", "HMAC_SHA_256", "--in", message)).Ok().Stdout.Trim();
        Assert.Equal(32, Convert.FromBase64String(mac).Length);

        Assert.Equal("The MAC is valid.\n", (await _kms.Run("mac", "verify", "--key-id", keyId, "--algorithm", "HMAC_SHA_256", "--mac", mac, "--in", message)).Ok().Stdout);
        (await _kms.Run("pay 100 to bob"u8.ToArray(), "verify-mac", "--key-id", keyId, "--algorithm", "HMAC_SHA_256", "--mac", mac)).Ok();
        (await _kms.Run("pay 900 to bob"u8.ToArray(), "mac", "verify", "--key-id", keyId, "--algorithm", "HMAC_SHA_256", "--mac", mac))
            .Failed(1, "kms: KMSInvalidMacException: ");
        (await _kms.Run("mac", "--key-id", keyId, "--in", message)).Failed(2, "kms: mac needs --algorithm ALGORITHM");
    }
}
