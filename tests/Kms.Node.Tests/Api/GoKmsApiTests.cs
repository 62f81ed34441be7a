using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kms.Gateway.Auth;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Api;

public class GoKmsApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly GoKmsClient _client = fixture.Client;

    [Fact]
    public async Task Createkey_answers_go_kms_KeyMetadata()
    {
        var response = await _client.Post("createkey", new { Description = "orders" });
        response.EnsureOk();
        var metadata = response.Json!["KeyMetadata"]!.AsObject();
        Assert.Equal(["KeyId", "CreationDate", "Description", "Enabled"], metadata.Select(p => p.Key).Take(4));
        Assert.True(Guid.TryParseExact((string)metadata["KeyId"]!, "D", out _));
        Assert.Equal("orders", (string)metadata["Description"]!);
        Assert.True((bool)metadata["Enabled"]!);
        var created = DateTimeOffset.Parse((string)metadata["CreationDate"]!);
        Assert.EndsWith("Z", (string)metadata["CreationDate"]!);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Createkey_accepts_an_empty_body()
    {
        var response = await _client.Post("createkey", "");
        response.EnsureOk();
        Assert.Equal("", (string)response.Json!["KeyMetadata"]!["Description"]!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-8")]
    public async Task The_body_is_read_as_JSON_whatever_content_type_the_client_sends(string? contentType)
    {
        // go-kms read every body as JSON, so a client that sends no Content-Type, or another one, kept working.
        void Sign(HttpRequestMessage request, string date, string path)
        {
            _client.Sign(request, date, path);
            request.Content!.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        var created = await _client.Post("createkey", new { Description = "any content type" }, Sign);
        created.EnsureOk();
        var keyId = (string)created.Json!["KeyMetadata"]!["KeyId"]!;
        var encrypted = await _client.Post("encrypt", new { KeyID = keyId, Plaintext = "AQID" }, Sign);
        encrypted.EnsureOk();
        var decrypted = await _client.Post("decrypt", new { CiphertextBlob = (string)encrypted.Json!["CiphertextBlob"]! }, Sign);
        decrypted.EnsureOk();
        Assert.Equal("AQID", (string)decrypted.Json!["Plaintext"]!);

        var malformed = await _client.Post("encrypt", "KeyID=" + keyId, Sign);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
    }

    [Fact]
    public async Task Listkeys_returns_every_key_sorted_by_id()
    {
        var ids = new[] { await _client.CreateKey("a"), await _client.CreateKey("b"), await _client.CreateKey("c") };
        var response = await _client.Post("listkeys", new { });
        response.EnsureOk();
        var listed = response.Json!["KeyMetadata"]!.AsArray().Select(k => (string)k!["KeyId"]!).ToList();
        Assert.All(ids, id => Assert.Contains(id, listed));
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Listkeys_shows_the_enabled_flag_after_a_change()
    {
        var keyId = await _client.CreateKey();
        (await _client.Post("disablekey", new { KeyID = keyId })).EnsureOk();
        var response = await _client.Post("listkeys", new { });
        var key = response.Json!["KeyMetadata"]!.AsArray().Single(k => (string)k!["KeyId"]! == keyId);
        Assert.False((bool)key!["Enabled"]!);
    }

    [Fact]
    public async Task Encrypt_then_decrypt_round_trips_and_decrypt_needs_no_key_id()
    {
        var keyId = await _client.CreateKey();
        var plaintext = Encoding.UTF8.GetBytes("the eagle lands at midnight");
        var blob = await _client.Encrypt(keyId, plaintext);
        Assert.Equal(plaintext, await _client.Decrypt(blob));
    }

    [Theory]
    [InlineData("KeyID")]
    [InlineData("KeyId")]
    [InlineData("keyid")]
    [InlineData("KEYID")]
    public async Task Field_names_match_case_insensitively(string field)
    {
        var keyId = await _client.CreateKey();
        var body = new JsonObject { [field] = keyId, ["plaintext"] = Convert.ToBase64String([1, 2, 3]), ["Unknown"] = "ignored" };
        var response = await _client.Post("encrypt", body.ToJsonString());
        response.EnsureOk();
        Assert.Equal(new byte[] { 1, 2, 3 }, await _client.Decrypt((string)response.Json!["CiphertextBlob"]!));
    }

    [Fact]
    public async Task Disablekey_and_enablekey_are_idempotent_and_gate_crypto()
    {
        var keyId = await _client.CreateKey();
        var blob = await _client.Encrypt(keyId, [7]);

        for (var i = 0; i < 2; i++)
        {
            var disabled = await _client.Post("disablekey", new { KeyID = keyId });
            disabled.EnsureOk();
            Assert.False((bool)disabled.Json!["KeyMetadata"]!["Enabled"]!);
        }

        var encrypt = await _client.Post("encrypt", new { KeyID = keyId, Plaintext = "AQ==" });
        Assert.Equal(HttpStatusCode.Conflict, encrypt.Status);
        Assert.Equal("DisabledException", encrypt.ErrorType);
        var decrypt = await _client.Post("decrypt", new { CiphertextBlob = blob });
        Assert.Equal("DisabledException", decrypt.ErrorType);
        var dataKey = await _client.Post("generatedatakey", new { KeyID = keyId });
        Assert.Equal("DisabledException", dataKey.ErrorType);

        for (var i = 0; i < 2; i++)
        {
            var enabled = await _client.Post("enablekey", new { KeyID = keyId });
            enabled.EnsureOk();
            Assert.True((bool)enabled.Json!["KeyMetadata"]!["Enabled"]!);
        }
        Assert.Equal(new byte[] { 7 }, await _client.Decrypt(blob));
    }

    [Fact]
    public async Task Reencrypt_moves_a_ciphertext_to_another_key()
    {
        var source = await _client.CreateKey();
        var destination = await _client.CreateKey();
        var blob = await _client.Encrypt(source, [1, 2, 3, 4]);

        var response = await _client.Post("reencrypt", new { CiphertextBlob = blob, DestinationKeyId = destination });
        response.EnsureOk();
        Assert.Equal(destination, (string)response.Json!["KeyID"]!);
        Assert.Equal(source, (string)response.Json!["SourceKeyID"]!);
        var moved = (string)response.Json!["CiphertextBlob"]!;
        Assert.NotEqual(blob, moved);

        (await _client.Post("disablekey", new { KeyID = source })).EnsureOk();
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, await _client.Decrypt(moved));
    }

    [Fact]
    public async Task Reencrypt_to_a_disabled_key_is_refused()
    {
        var source = await _client.CreateKey();
        var destination = await _client.CreateKey();
        (await _client.Post("disablekey", new { KeyID = destination })).EnsureOk();
        var blob = await _client.Encrypt(source, [1]);
        var response = await _client.Post("reencrypt", new { CiphertextBlob = blob, DestinationKeyId = destination });
        Assert.Equal("DisabledException", response.ErrorType);
    }

    [Fact]
    public async Task Generatedatakey_returns_32_bytes_and_a_blob_that_decrypts_to_them()
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("generatedatakey", new { KeyID = keyId });
        response.EnsureOk();
        var plaintext = Convert.FromBase64String((string)response.Json!["Plaintext"]!);
        Assert.Equal(32, plaintext.Length);
        Assert.Equal(plaintext, await _client.Decrypt((string)response.Json!["CiphertextBlob"]!));
    }

    [Fact]
    public async Task An_unknown_key_is_NotFound()
    {
        var response = await _client.Post("encrypt", new { KeyID = Guid.NewGuid().ToString(), Plaintext = "AQ==" });
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("NotFoundException", response.ErrorType);
        var malformed = await _client.Post("enablekey", new { KeyID = "../../etc/passwd" });
        Assert.Equal("NotFoundException", malformed.ErrorType);
    }

    [Fact]
    public async Task A_missing_key_id_is_a_ValidationException()
    {
        var response = await _client.Post("encrypt", new { Plaintext = "AQ==" });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
    }

    [Fact]
    public async Task Plaintext_must_be_1_to_4096_bytes()
    {
        var keyId = await _client.CreateKey();
        var empty = await _client.Post("encrypt", new { KeyID = keyId, Plaintext = "" });
        Assert.Equal("ValidationException", empty.ErrorType);
        var large = await _client.Post("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String(new byte[4097]) });
        Assert.Equal("ValidationException", large.ErrorType);
        var largest = await _client.Post("encrypt", new { KeyID = keyId, Plaintext = Convert.ToBase64String(new byte[4096]) });
        largest.EnsureOk();
    }

    [Fact]
    public async Task Malformed_json_and_bad_base64_are_ValidationExceptions()
    {
        var keyId = await _client.CreateKey();
        var notJson = await _client.Post("encrypt", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("ValidationException", notJson.ErrorType);
        var badBase64 = await _client.Post("encrypt", new { KeyID = keyId, Plaintext = "***" });
        Assert.Equal("ValidationException", badBase64.ErrorType);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var body = new { KeyID = Guid.NewGuid().ToString(), Plaintext = Convert.ToBase64String(new byte[100_000]) };
        var response = await _client.Post("encrypt", body, (request, date, path) =>
        {
            // As well-behaved clients of large uploads do: wait for the server's verdict before sending.
            request.Headers.ExpectContinue = true;
            _client.Sign(request, date, path);
        });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("RequestEntityTooLargeException", response.ErrorType);
    }

    [Fact]
    public async Task An_unknown_operation_is_a_typed_404()
    {
        var response = await _client.Post("deletekey", new { });
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorType);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Another_method_on_an_operation_path_is_a_typed_405_that_allows_POST(string method)
    {
        const string path = "/api/v1/go-kms/encrypt";
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        _client.Sign(request, KmsDate.Format(DateTimeOffset.UtcNow), path, method);

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("MethodNotAllowedException", (string)body["__type"]!);
        Assert.Equal("Encrypt takes POST.", (string)body["message"]!);
    }

    [Fact]
    public async Task Another_method_on_a_path_that_names_no_operation_is_still_a_typed_404()
    {
        const string path = "/api/v1/go-kms/deletekey";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        _client.Sign(request, KmsDate.Format(DateTimeOffset.UtcNow), path, "GET");

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["__type"]!);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_authentication()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.Http.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.Http.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task Decrypt_needs_the_same_encryption_context_in_any_order()
    {
        var keyId = await _client.CreateKey();
        var encrypted = await _client.Post("encrypt", new
        {
            KeyID = keyId,
            Plaintext = "AQID",
            EncryptionContext = new Dictionary<string, string> { ["tenant"] = "a", ["purpose"] = "backup" },
        });
        encrypted.EnsureOk();
        var blob = (string)encrypted.Json!["CiphertextBlob"]!;

        var same = await _client.Post("decrypt", new { CiphertextBlob = blob, EncryptionContext = new Dictionary<string, string> { ["purpose"] = "backup", ["tenant"] = "a" } });
        same.EnsureOk();
        Assert.Equal("AQID", (string)same.Json!["Plaintext"]!);

        var none = await _client.Post("decrypt", new { CiphertextBlob = blob });
        Assert.Equal("InvalidCiphertextException", none.ErrorType);
        var other = await _client.Post("decrypt", new { CiphertextBlob = blob, EncryptionContext = new Dictionary<string, string> { ["purpose"] = "backup", ["tenant"] = "b" } });
        Assert.Equal("InvalidCiphertextException", other.ErrorType);
    }

    [Fact]
    public async Task A_null_encryption_context_value_is_a_ValidationException()
    {
        var keyId = await _client.CreateKey();
        var response = await _client.Post("encrypt", "{\"KeyID\":\"" + keyId + "\",\"Plaintext\":\"AQ==\",\"EncryptionContext\":{\"a\":null}}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
    }
}
