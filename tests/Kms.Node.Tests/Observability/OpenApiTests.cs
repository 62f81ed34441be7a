using System.Net;
using System.Text.Json.Nodes;
using Kms.Gateway.Operations;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Observability;

public class OpenApiTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private InProcessNode _node = null!;
    private GoKmsClient _client = null!;
    private JsonNode _document = null!;

    public async Task InitializeAsync()
    {
        _node = await InProcessNode.Start(new NodeFiles(_directory.Path));
        _client = _node.Client();
        var response = await _client.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public void Every_operation_describes_its_response_body_on_both_front_doors()
    {
        foreach (var operation in new OperationCatalog().All)
        {
            var path = $"/api/v1/go-kms/{operation.Name.ToLowerInvariant()}";
            var schema = _document["paths"]?[path]?["post"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"];
            Assert.True(schema is not null, $"{path} describes no response body.");
            Assert.Equal($"#/components/schemas/{operation.ReplyTypes.Native.Name}", (string?)schema["$ref"]);
            Assert.True(Schema(operation.ReplyTypes.Native.Name) is not null, $"{operation.Name}: no schema {operation.ReplyTypes.Native.Name}.");
            Assert.True(Schema(operation.ReplyTypes.Aws.Name) is not null, $"{operation.Name}: no schema for its AWS reply {operation.ReplyTypes.Aws.Name}.");
        }
    }

    [Fact]
    public void Encrypt_and_key_metadata_are_described_as_each_front_door_writes_them()
    {
        Assert.Equal(["CiphertextBlob", "KeyId", "EncryptionAlgorithm"], Properties("AwsEncryptResponse").Select(p => p.Key));
        Assert.Equal(["CiphertextBlob"], Properties("NativeEncryptResponse").Select(p => p.Key));
        Assert.Equal("byte", (string?)Properties("AwsEncryptResponse")["CiphertextBlob"]!["format"]);

        Assert.Equal("date-time", (string?)Properties("NativeKeyMetadata")["CreationDate"]!["format"]);
        Assert.Contains("number", Properties("AwsKeyMetadata")["CreationDate"]!["type"]!.ToJsonString());
        Assert.Equal(["KeyId", "CreationDate", "Description", "Enabled"], Properties("NativeKeyMetadata").Select(p => p.Key).Take(4));
    }

    private JsonNode? Schema(string name) => _document["components"]?["schemas"]?[name];

    private JsonObject Properties(string schema) => Schema(schema)?["properties"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"No properties in schema {schema}: {Schema(schema)}");
}
