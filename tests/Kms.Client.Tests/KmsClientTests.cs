using System.Text;
using Kms.Testing;

namespace Kms.Client.Tests;

/// <summary>The typed client against the real node in-process, over HTTPS, trusting its certificate only.</summary>
public class KmsClientTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private KmsClient NewClient(bool signBody = true) =>
        new(new HttpClient(new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetRawCertData().AsSpan().SequenceEqual(fixture.Node.Files.Certificate.RawData) == true },
            }),
            fixture.Node.Address, Encoding.UTF8.GetBytes(fixture.Node.Files.AuthKey))
        { SignBody = signBody };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_made_through_the_typed_calls_encrypts_decrypts_and_wraps_data_keys(bool signBody)
    {
        using var client = NewClient(signBody);
        var key = (await client.CreateKeyAsync(new NativeRequests.CreateKey("kms-client test"))).KeyMetadata;
        Assert.Equal("kms-client test", key.Description);
        Assert.Equal(key.KeyId, (await client.DescribeKeyAsync(key.KeyId)).KeyMetadata.KeyId);

        var context = new Dictionary<string, string> { ["tenant"] = "acme" };
        var encrypted = await client.EncryptAsync(new NativeRequests.Encrypt(key.KeyId, "hello"u8.ToArray(), context));
        var decrypted = await client.DecryptAsync(new NativeRequests.Decrypt(encrypted.CiphertextBlob, context));
        Assert.Equal("hello"u8.ToArray(), decrypted.Plaintext);

        var dataKey = await client.GenerateDataKeyAsync(new NativeRequests.GenerateDataKey(key.KeyId, KeySpec: "AES_256"));
        Assert.Equal(32, dataKey.Plaintext!.Length);
        Assert.Equal(dataKey.Plaintext, (await client.DecryptAsync(new NativeRequests.Decrypt(dataKey.CiphertextBlob))).Plaintext);
    }

    [Fact]
    public async Task A_typed_error_from_the_node_is_a_KmsServiceException_with_its_type_and_status()
    {
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<KmsServiceException>(() => client.DescribeKeyAsync(Guid.NewGuid().ToString()));

        Assert.Equal("NotFoundException", error.Type);
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task A_wrong_shared_key_is_refused()
    {
        using var client = new KmsClient(new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }),
            fixture.Node.Address, Encoding.UTF8.GetBytes("not the node's shared key at all"));

        var error = await Assert.ThrowsAsync<KmsServiceException>(() => client.CreateKeyAsync(new NativeRequests.CreateKey()));

        Assert.Equal(401, error.Status);
    }
}
