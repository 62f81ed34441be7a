using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Api;

public class CryptoApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    private static Dictionary<string, string> Context(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private async Task<JsonNode> Ok(string operation, object body)
    {
        var response = await _client.Post(operation, body);
        response.EnsureOk();
        return response.Json!;
    }

    private async Task<string> EncryptWith(string keyId, byte[] plaintext, Dictionary<string, string> context) =>
        (string)(await Ok("encrypt", new { KeyId = keyId, Plaintext = Convert.ToBase64String(plaintext), EncryptionContext = context }))["CiphertextBlob"]!;

    private async Task<string> CreateMacKey(string keySpec) =>
        (string)(await Ok("createkey", new { KeySpec = keySpec, KeyUsage = "GENERATE_VERIFY_MAC" }))["KeyMetadata"]!["KeyId"]!;


    [Fact]
    public async Task Decrypt_needs_exactly_the_encryption_context_of_encrypt_in_any_order()
    {
        var keyId = await _client.CreateKey();
        var blob = await EncryptWith(keyId, [1, 2, 3], Context(("tenant", "acme"), ("purpose", "backup"), ("region", "eu")));

        var reordered = await Ok("decrypt", new { CiphertextBlob = blob, EncryptionContext = Context(("region", "eu"), ("purpose", "backup"), ("tenant", "acme")) });
        Assert.Equal("AQID", (string)reordered["Plaintext"]!);

        var wrong = new[]
        {
            null,
            Context(),
            Context(("tenant", "acme"), ("purpose", "backup")),
            Context(("tenant", "acme"), ("purpose", "backup"), ("region", "eu"), ("extra", "x")),
            Context(("tenant", "acme"), ("purpose", "backup"), ("region", "us")),
            Context(("tenant", "acme"), ("purpose", "backup"), ("Region", "eu")),
        };
        foreach (var context in wrong)
            (await _client.Post("decrypt", new { CiphertextBlob = blob, EncryptionContext = context })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
    }

    [Fact]
    public async Task Contexts_whose_concatenations_coincide_are_still_different()
    {
        var keyId = await _client.CreateKey();
        var blob = await EncryptWith(keyId, [1], Context(("ab", "c")));
        (await _client.Post("decrypt", new { CiphertextBlob = blob, EncryptionContext = Context(("a", "bc")) })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
    }

    [Fact]
    public async Task A_ciphertext_made_without_a_context_refuses_one_at_decrypt_but_accepts_an_empty_one()
    {
        var keyId = await _client.CreateKey();
        var blob = await _client.Encrypt(keyId, [5]);
        (await _client.Post("decrypt", new { CiphertextBlob = blob, EncryptionContext = Context(("k", "v")) })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
        Assert.Equal("BQ==", (string)(await Ok("decrypt", new { CiphertextBlob = blob, EncryptionContext = Context() }))["Plaintext"]!);
    }

    [Fact]
    public async Task Decrypt_with_the_KeyId_of_the_blob_by_any_name_succeeds()
    {
        var keyId = await _client.CreateKey();
        var alias = $"alias/crypto-{Guid.NewGuid():N}";
        await Ok("createalias", new { AliasName = alias, TargetKeyId = keyId });
        var blob = await _client.Encrypt(keyId, [6]);
        foreach (var reference in new[] { keyId, KmsArns.Key(keyId), alias, KmsArns.Alias(alias) })
            Assert.Equal("Bg==", (string)(await Ok("decrypt", new { CiphertextBlob = blob, KeyId = reference }))["Plaintext"]!);
    }

    [Fact]
    public async Task Decrypt_with_a_KeyId_other_than_the_blobs_is_IncorrectKeyException()
    {
        var keyId = await _client.CreateKey();
        var other = await _client.CreateKey();
        var blob = await _client.Encrypt(keyId, [6]);
        (await _client.Post("decrypt", new { CiphertextBlob = blob, KeyId = other })).AssertError(HttpStatusCode.BadRequest, "IncorrectKeyException");
        (await _client.Post("decrypt", new { CiphertextBlob = blob, KeyId = KmsArns.Key(other) })).AssertError(HttpStatusCode.BadRequest, "IncorrectKeyException");
    }

    [Fact]
    public async Task Reencrypt_checks_the_source_context_and_binds_the_destination_context()
    {
        var source = await _client.CreateKey();
        var destination = await _client.CreateKey();
        var sourceContext = Context(("stage", "source"));
        var destinationContext = Context(("stage", "destination"), ("tenant", "acme"));
        var blob = await EncryptWith(source, [1, 2, 3, 4], sourceContext);

        (await _client.Post("reencrypt", new { CiphertextBlob = blob, DestinationKeyId = destination })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
        (await _client.Post("reencrypt", new { CiphertextBlob = blob, DestinationKeyId = destination, SourceEncryptionContext = destinationContext })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");

        var moved = await Ok("reencrypt", new
        {
            CiphertextBlob = blob,
            SourceEncryptionContext = sourceContext,
            DestinationKeyId = destination,
            DestinationEncryptionContext = destinationContext,
        });
        Assert.Equal(destination, (string)moved["KeyID"]!);
        Assert.Equal(source, (string)moved["SourceKeyID"]!);
        var movedBlob = (string)moved["CiphertextBlob"]!;

        (await _client.Post("decrypt", new { CiphertextBlob = movedBlob, EncryptionContext = sourceContext })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
        (await _client.Post("decrypt", new { CiphertextBlob = movedBlob })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
        var decrypted = await Ok("decrypt", new { CiphertextBlob = movedBlob, EncryptionContext = destinationContext });
        Assert.Equal("AQIDBA==", (string)decrypted["Plaintext"]!);
    }

    [Fact]
    public async Task Reencrypt_with_a_SourceKeyId_other_than_the_blobs_is_IncorrectKeyException()
    {
        var source = await _client.CreateKey();
        var destination = await _client.CreateKey();
        var blob = await _client.Encrypt(source, [1]);
        (await _client.Post("reencrypt", new { CiphertextBlob = blob, SourceKeyId = destination, DestinationKeyId = destination })).AssertError(HttpStatusCode.BadRequest, "IncorrectKeyException");
        await Ok("reencrypt", new { CiphertextBlob = blob, SourceKeyId = source, DestinationKeyId = destination });
    }

    [Fact]
    public async Task Reencrypt_to_a_missing_destination_is_NotFound()
    {
        var source = await _client.CreateKey();
        var blob = await _client.Encrypt(source, [1]);
        (await _client.Post("reencrypt", new { CiphertextBlob = blob, DestinationKeyId = Guid.NewGuid().ToString() })).AssertError(HttpStatusCode.NotFound, "NotFoundException");
        (await _client.Post("reencrypt", new { CiphertextBlob = blob })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [InlineData("AES_128", 16)]
    [InlineData("AES_256", 32)]
    public async Task Generatedatakey_with_a_KeySpec_makes_a_key_of_that_size(string keySpec, int bytes)
    {
        var keyId = await _client.CreateKey();
        var response = await Ok("generatedatakey", new { KeyId = keyId, KeySpec = keySpec });
        var plaintext = Convert.FromBase64String((string)response["Plaintext"]!);
        Assert.Equal(bytes, plaintext.Length);
        Assert.Equal(plaintext, await _client.Decrypt((string)response["CiphertextBlob"]!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1024)]
    public async Task Generatedatakey_with_NumberOfBytes_makes_a_key_of_that_size(int bytes)
    {
        var keyId = await _client.CreateKey();
        var response = await Ok("generatedatakey", new { KeyId = keyId, NumberOfBytes = bytes });
        var plaintext = Convert.FromBase64String((string)response["Plaintext"]!);
        Assert.Equal(bytes, plaintext.Length);
        Assert.Equal(plaintext, await _client.Decrypt((string)response["CiphertextBlob"]!));
    }

    [Fact]
    public async Task Generatedatakey_refuses_both_KeySpec_and_NumberOfBytes_and_bad_values()
    {
        var keyId = await _client.CreateKey();
        var refused = new object[]
        {
            new { KeyId = keyId, KeySpec = "AES_256", NumberOfBytes = 32 },
            new { KeyId = keyId, KeySpec = "AES_512" },
            new { KeyId = keyId, NumberOfBytes = 0 },
            new { KeyId = keyId, NumberOfBytes = 1025 },
        };
        foreach (var body in refused)
            (await _client.Post("generatedatakey", body)).AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Fact]
    public async Task Generatedatakey_binds_its_encryption_context()
    {
        var keyId = await _client.CreateKey();
        var context = Context(("file", "report.pdf"));
        var response = await Ok("generatedatakey", new { KeyId = keyId, EncryptionContext = context });
        var blob = (string)response["CiphertextBlob"]!;
        (await _client.Post("decrypt", new { CiphertextBlob = blob })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
        Assert.Equal((string)response["Plaintext"]!, (string)(await Ok("decrypt", new { CiphertextBlob = blob, EncryptionContext = context }))["Plaintext"]!);
    }

    [Fact]
    public async Task Generatedatakeywithoutplaintext_answers_only_a_blob_that_decrypts_to_32_bytes()
    {
        var keyId = await _client.CreateKey();
        var response = await Ok("generatedatakeywithoutplaintext", new { KeyId = keyId });
        Assert.False(response.AsObject().ContainsKey("Plaintext"));
        Assert.Equal(KmsArns.Key(keyId), (string)response["KeyId"]!);
        var plaintext = await _client.Decrypt((string)response["CiphertextBlob"]!);
        Assert.Equal(32, plaintext.Length);
    }

    [Fact]
    public async Task Generatedatakeywithoutplaintext_honours_KeySpec_and_the_encryption_context()
    {
        var keyId = await _client.CreateKey();
        var context = Context(("purpose", "later"));
        var response = await Ok("generatedatakeywithoutplaintext", new { KeyId = keyId, KeySpec = "AES_128", EncryptionContext = context });
        var blob = (string)response["CiphertextBlob"]!;
        (await _client.Post("decrypt", new { CiphertextBlob = blob })).AssertError(HttpStatusCode.BadRequest, "InvalidCiphertextException");
        var plaintext = Convert.FromBase64String((string)(await Ok("decrypt", new { CiphertextBlob = blob, EncryptionContext = context }))["Plaintext"]!);
        Assert.Equal(16, plaintext.Length);
        (await _client.Post("generatedatakeywithoutplaintext", new { KeyId = keyId, KeySpec = "AES_128", NumberOfBytes = 16 })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(1024)]
    public async Task Generaterandom_returns_the_number_of_bytes_asked_for(int bytes)
    {
        var response = await Ok("generaterandom", new { NumberOfBytes = bytes });
        Assert.Equal(bytes, Convert.FromBase64String((string)response["Plaintext"]!).Length);
    }

    [Fact]
    public async Task Two_generaterandom_calls_differ()
    {
        var first = (string)(await Ok("generaterandom", new { NumberOfBytes = 32 }))["Plaintext"]!;
        var second = (string)(await Ok("generaterandom", new { NumberOfBytes = 32 }))["Plaintext"]!;
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("{\"NumberOfBytes\":0}")]
    [InlineData("{\"NumberOfBytes\":1025}")]
    [InlineData("{\"NumberOfBytes\":-1}")]
    public async Task Generaterandom_outside_1_to_1024_bytes_is_a_ValidationException(string body)
    {
        (await _client.Post("generaterandom", body)).AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [InlineData("HMAC_256", "HMAC_SHA_256", 32)]
    [InlineData("HMAC_384", "HMAC_SHA_384", 48)]
    [InlineData("HMAC_512", "HMAC_SHA_512", 64)]
    public async Task Generatemac_then_verifymac_is_valid(string keySpec, string algorithm, int macBytes)
    {
        var keyId = await CreateMacKey(keySpec);
        var message = Convert.ToBase64String(Encoding.UTF8.GetBytes("pay 100 to alice"));

        var generated = await Ok("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = algorithm });
        var mac = (string)generated["Mac"]!;
        Assert.Equal(macBytes, Convert.FromBase64String(mac).Length);
        Assert.Equal(algorithm, (string)generated["MacAlgorithm"]!);
        Assert.Equal(KmsArns.Key(keyId), (string)generated["KeyId"]!);
        Assert.Equal(mac, (string)(await Ok("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = algorithm }))["Mac"]!);

        var verified = await Ok("verifymac", new { KeyId = keyId, Message = message, Mac = mac, MacAlgorithm = algorithm });
        Assert.True((bool)verified["MacValid"]!);
        Assert.Equal(algorithm, (string)verified["MacAlgorithm"]!);
        Assert.Equal(KmsArns.Key(keyId), (string)verified["KeyId"]!);
    }

    [Theory]
    [InlineData("HMAC_256", "HMAC_SHA_256")]
    [InlineData("HMAC_384", "HMAC_SHA_384")]
    [InlineData("HMAC_512", "HMAC_SHA_512")]
    public async Task Verifymac_of_a_changed_message_or_mac_is_KMSInvalidMacException(string keySpec, string algorithm)
    {
        var keyId = await CreateMacKey(keySpec);
        var message = Encoding.UTF8.GetBytes("pay 100 to alice");
        var mac = Convert.FromBase64String((string)(await Ok("generatemac", new { KeyId = keyId, Message = Convert.ToBase64String(message), MacAlgorithm = algorithm }))["Mac"]!);

        var changedMessage = Encoding.UTF8.GetBytes("pay 900 to alice");
        var flipped = mac.ToArray();
        flipped[^1] ^= 0x01;
        var cases = new (byte[] Message, byte[] Mac)[] { (changedMessage, mac), (message, flipped), (message, mac[..^1]), (message, [.. mac, 0]) };
        foreach (var (m, x) in cases)
        {
            var response = await _client.Post("verifymac", new { KeyId = keyId, Message = Convert.ToBase64String(m), Mac = Convert.ToBase64String(x), MacAlgorithm = algorithm });
            response.AssertError(HttpStatusCode.BadRequest, "KMSInvalidMacException");
        }
    }

    [Fact]
    public async Task A_mac_from_one_key_does_not_verify_under_another()
    {
        var first = await CreateMacKey("HMAC_256");
        var second = await CreateMacKey("HMAC_256");
        var message = Convert.ToBase64String([1, 2, 3]);
        var mac = (string)(await Ok("generatemac", new { KeyId = first, Message = message, MacAlgorithm = "HMAC_SHA_256" }))["Mac"]!;
        (await _client.Post("verifymac", new { KeyId = second, Message = message, Mac = mac, MacAlgorithm = "HMAC_SHA_256" })).AssertError(HttpStatusCode.BadRequest, "KMSInvalidMacException");
    }

    [Fact]
    public async Task A_MAC_algorithm_the_key_does_not_have_is_InvalidKeyUsageException()
    {
        var keyId = await CreateMacKey("HMAC_256");
        var message = Convert.ToBase64String([1, 2, 3]);
        var mac = (string)(await Ok("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = "HMAC_SHA_256" }))["Mac"]!;

        (await _client.Post("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = "HMAC_SHA_512" })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
        (await _client.Post("verifymac", new { KeyId = keyId, Message = message, Mac = mac, MacAlgorithm = "HMAC_SHA_384" })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
    }

    [Fact]
    public async Task An_unknown_or_missing_MAC_algorithm_is_a_ValidationException()
    {
        var keyId = await CreateMacKey("HMAC_256");
        var message = Convert.ToBase64String([1]);
        (await _client.Post("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = "HMAC_MD5" })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
        (await _client.Post("generatemac", new { KeyId = keyId, Message = message })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
        (await _client.Post("generatemac", new { KeyId = keyId, MacAlgorithm = "HMAC_SHA_256" })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
        (await _client.Post("verifymac", new { KeyId = keyId, Message = message, MacAlgorithm = "HMAC_SHA_256" })).AssertError(HttpStatusCode.BadRequest, "ValidationException");
    }

    [Fact]
    public async Task Encrypt_decrypt_and_generatedatakey_with_an_HMAC_key_are_InvalidKeyUsageException()
    {
        var keyId = await CreateMacKey("HMAC_256");
        var symmetric = await _client.CreateKey();
        var blob = await _client.Encrypt(symmetric, [1]);

        (await _client.Post("encrypt", new { KeyId = keyId, Plaintext = "AQ==" })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
        (await _client.Post("generatedatakey", new { KeyId = keyId })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
        (await _client.Post("generatedatakeywithoutplaintext", new { KeyId = keyId })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
        (await _client.Post("reencrypt", new { CiphertextBlob = blob, DestinationKeyId = keyId })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
    }

    [Fact]
    public async Task Generatemac_and_verifymac_with_a_symmetric_key_are_InvalidKeyUsageException()
    {
        var keyId = await _client.CreateKey();
        var message = Convert.ToBase64String([1]);
        (await _client.Post("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = "HMAC_SHA_256" })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
        (await _client.Post("verifymac", new { KeyId = keyId, Message = message, Mac = Convert.ToBase64String(new byte[32]), MacAlgorithm = "HMAC_SHA_256" })).AssertError(HttpStatusCode.BadRequest, "InvalidKeyUsageException");
    }

    [Fact]
    public async Task A_disabled_HMAC_key_refuses_generatemac_and_verifymac_with_DisabledException()
    {
        var keyId = await CreateMacKey("HMAC_384");
        var message = Convert.ToBase64String([1]);
        var mac = (string)(await Ok("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = "HMAC_SHA_384" }))["Mac"]!;
        await Ok("disablekey", new { KeyId = keyId });
        (await _client.Post("generatemac", new { KeyId = keyId, Message = message, MacAlgorithm = "HMAC_SHA_384" })).AssertError(HttpStatusCode.Conflict, "DisabledException");
        (await _client.Post("verifymac", new { KeyId = keyId, Message = message, Mac = mac, MacAlgorithm = "HMAC_SHA_384" })).AssertError(HttpStatusCode.Conflict, "DisabledException");
    }

    [Fact]
    public async Task Generatemac_and_verifymac_accept_an_alias()
    {
        var keyId = await CreateMacKey("HMAC_512");
        var alias = $"alias/mac-{Guid.NewGuid():N}";
        await Ok("createalias", new { AliasName = alias, TargetKeyId = keyId });
        var message = Convert.ToBase64String([4, 5, 6]);
        var mac = (string)(await Ok("generatemac", new { KeyId = alias, Message = message, MacAlgorithm = "HMAC_SHA_512" }))["Mac"]!;
        var verified = await Ok("verifymac", new { KeyId = keyId, Message = message, Mac = mac, MacAlgorithm = "HMAC_SHA_512" });
        Assert.True((bool)verified["MacValid"]!);
    }
}
