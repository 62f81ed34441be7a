using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KeySpec = Amazon.KeyManagementService.KeySpec;
using KeyState = Amazon.KeyManagementService.KeyState;
using RotationType = Amazon.KeyManagementService.RotationType;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Aws;

/// <summary>The real AWS SDK for .NET against a real node over HTTPS, for every operation Kms has.</summary>
public class AwsSdkTests(PrincipalsFixture fixture) : IClassFixture<PrincipalsFixture>, IDisposable
{
    private readonly AwsClient _admin = fixture.Aws(PrincipalsFixture.AdminKey, PrincipalsFixture.AdminSecret);
    private AmazonKeyManagementServiceClient Kms => _admin.Sdk;

    public void Dispose() => _admin.Dispose();

    private async Task<string> NewKey(string description = "sdk")
    {
        var created = await Kms.CreateKeyAsync(new CreateKeyRequest { Description = description });
        return created.KeyMetadata.KeyId;
    }

    [Fact]
    public async Task CreateKey_and_DescribeKey_answer_AWS_KeyMetadata()
    {
        var created = await Kms.CreateKeyAsync(new CreateKeyRequest
        {
            Description = "orders",
            Tags = [new Tag { TagKey = "team", TagValue = "payments" }],
        });
        var key = created.KeyMetadata;
        Assert.Equal("orders", key.Description);
        Assert.Equal(KeyState.Enabled, key.KeyState);
        Assert.Equal(KeyUsageType.ENCRYPT_DECRYPT, key.KeyUsage);
        Assert.Equal(KeySpec.SYMMETRIC_DEFAULT, key.KeySpec);
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:key/{key.KeyId}", key.Arn);
        Assert.InRange(key.CreationDate!.Value, DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow.AddMinutes(2));
        Assert.Contains("SYMMETRIC_DEFAULT", key.EncryptionAlgorithms);

        var described = await Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn });
        Assert.Equal(key.KeyId, described.KeyMetadata.KeyId);
    }

    [Fact]
    public async Task ListKeys_pages_through_every_key()
    {
        var ids = new[] { await NewKey(), await NewKey(), await NewKey() };
        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = await Kms.ListKeysAsync(new ListKeysRequest { Limit = 2, Marker = marker });
            seen.AddRange(page.Keys.Select(k => k.KeyId));
            Assert.All(page.Keys, k => Assert.EndsWith(k.KeyId, k.KeyArn));
            marker = page.Truncated == true ? page.NextMarker : null;
        } while (marker is not null);
        Assert.All(ids, id => Assert.Contains(id, seen));
        Assert.Equal(seen.Distinct().Count(), seen.Count);
    }

    [Fact]
    public async Task Encrypt_and_Decrypt_with_an_encryption_context()
    {
        var keyId = await NewKey();
        var context = new Dictionary<string, string> { ["tenant"] = "acme" };
        var encrypted = await Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream("secret"u8.ToArray()), EncryptionContext = context });
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:key/{keyId}", encrypted.KeyId);

        var decrypted = await Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = context });
        Assert.Equal("secret", Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        Assert.Equal(encrypted.KeyId, decrypted.KeyId);

        encrypted.CiphertextBlob.Position = 0;
        await Assert.ThrowsAsync<InvalidCiphertextException>(() =>
            Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = new Dictionary<string, string> { ["tenant"] = "other" } }));
    }

    [Fact]
    public async Task ReEncrypt_GenerateDataKey_and_GenerateRandom()
    {
        var source = await NewKey();
        var destination = await NewKey();
        var encrypted = await Kms.EncryptAsync(new EncryptRequest { KeyId = source, Plaintext = new MemoryStream([1, 2, 3]) });
        var moved = await Kms.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = encrypted.CiphertextBlob, DestinationKeyId = destination });
        Assert.EndsWith(destination, moved.KeyId);
        Assert.EndsWith(source, moved.SourceKeyId);
        var back = await Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = moved.CiphertextBlob });
        Assert.Equal(new byte[] { 1, 2, 3 }, back.Plaintext.ToArray());

        var dataKey = await Kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = source, KeySpec = DataKeySpec.AES_128 });
        Assert.Equal(16, dataKey.Plaintext.Length);
        var withoutPlaintext = await Kms.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = source, NumberOfBytes = 64 });
        Assert.Equal(64, (await Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = withoutPlaintext.CiphertextBlob })).Plaintext.Length);

        var random = await Kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 100 });
        Assert.Equal(100, random.Plaintext.Length);
    }

    [Fact]
    public async Task Enable_disable_description_and_their_errors()
    {
        var keyId = await NewKey();
        await Kms.DisableKeyAsync(new DisableKeyRequest { KeyId = keyId });
        await Assert.ThrowsAsync<DisabledException>(() => Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([1]) }));
        await Kms.EnableKeyAsync(new EnableKeyRequest { KeyId = keyId });
        await Kms.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = keyId, Description = "renamed" });
        Assert.Equal("renamed", (await Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId })).KeyMetadata.Description);
        await Assert.ThrowsAsync<NotFoundException>(() => Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = Guid.NewGuid().ToString() }));
        await Assert.ThrowsAsync<InvalidCiphertextException>(() => Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream([1, 2, 3]) }));
    }

    [Fact]
    public async Task Aliases_through_the_SDK()
    {
        var keyId = await NewKey();
        var other = await NewKey();
        var alias = "alias/sdk-" + Guid.NewGuid().ToString("N")[..8];
        await Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = keyId });
        await Assert.ThrowsAsync<AlreadyExistsException>(() => Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = other }));

        var listed = await Kms.ListAliasesAsync(new ListAliasesRequest { KeyId = keyId });
        var entry = Assert.Single(listed.Aliases);
        Assert.Equal(alias, entry.AliasName);
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:{alias}", entry.AliasArn);
        Assert.NotNull(entry.CreationDate);

        var encrypted = await Kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream([9]) });
        Assert.EndsWith(keyId, encrypted.KeyId);
        await Kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = other });
        Assert.EndsWith(other, (await Kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream([9]) })).KeyId);
        await Kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias });
        await Assert.ThrowsAsync<NotFoundException>(() => Kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream([9]) }));
    }

    [Fact]
    public async Task Tags_through_the_SDK()
    {
        var keyId = await NewKey();
        await Kms.TagResourceAsync(new TagResourceRequest { KeyId = keyId, Tags = [new Tag { TagKey = "a", TagValue = "1" }, new Tag { TagKey = "b", TagValue = "2" }] });
        await Kms.UntagResourceAsync(new UntagResourceRequest { KeyId = keyId, TagKeys = ["a"] });
        var tags = await Kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = keyId });
        var tag = Assert.Single(tags.Tags);
        Assert.Equal(("b", "2"), (tag.TagKey, tag.TagValue));
        await Assert.ThrowsAsync<TagException>(() => Kms.TagResourceAsync(new TagResourceRequest { KeyId = keyId, Tags = [new Tag { TagKey = "aws:x", TagValue = "1" }] }));
    }

    [Fact]
    public async Task Rotation_through_the_SDK()
    {
        var keyId = await NewKey();
        await Kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keyId, RotationPeriodInDays = 120 });
        var status = await Kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId });
        Assert.True(status.KeyRotationEnabled);
        Assert.Equal(120, status.RotationPeriodInDays);
        Assert.NotNull(status.NextRotationDate);

        var before = await Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([4]) });
        await Kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = keyId });
        var rotations = await Kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = keyId });
        var rotation = Assert.Single(rotations.Rotations);
        Assert.Equal(RotationType.ON_DEMAND, rotation.RotationType);
        Assert.Equal(new byte[] { 4 }, (await Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = before.CiphertextBlob })).Plaintext.ToArray());

        await Kms.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = keyId });
        Assert.False((await Kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId })).KeyRotationEnabled);
    }

    [Fact]
    public async Task Deletion_through_the_SDK()
    {
        var keyId = await NewKey();
        var scheduled = await Kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = 7 });
        Assert.Equal(KeyState.PendingDeletion, scheduled.KeyState);
        Assert.Equal(7, scheduled.PendingWindowInDays);
        Assert.InRange(scheduled.DeletionDate!.Value, DateTime.UtcNow.AddDays(6.9), DateTime.UtcNow.AddDays(7.1));
        await Assert.ThrowsAsync<KMSInvalidStateException>(() => Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([1]) }));
        await Kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = keyId });
        Assert.Equal(KeyState.Disabled, (await Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId })).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task HMAC_keys_through_the_SDK()
    {
        var created = await Kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.HMAC_256, KeyUsage = KeyUsageType.GENERATE_VERIFY_MAC });
        var keyId = created.KeyMetadata.KeyId;
        Assert.Contains("HMAC_SHA_256", created.KeyMetadata.MacAlgorithms);
        var mac = await Kms.GenerateMacAsync(new GenerateMacRequest { KeyId = keyId, Message = new MemoryStream("hi"u8.ToArray()), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 });
        var verified = await Kms.VerifyMacAsync(new VerifyMacRequest { KeyId = keyId, Message = new MemoryStream("hi"u8.ToArray()), Mac = mac.Mac, MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 });
        Assert.True(verified.MacValid);
        mac.Mac.Position = 0;
        await Assert.ThrowsAsync<KMSInvalidMacException>(() =>
            Kms.VerifyMacAsync(new VerifyMacRequest { KeyId = keyId, Message = new MemoryStream("ho"u8.ToArray()), Mac = mac.Mac, MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }));
        await Assert.ThrowsAsync<InvalidKeyUsageException>(() => Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([1]) }));
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_by_the_SDK()
    {
        using var stranger = fixture.Aws("AKIAUNKNOWN00000000", "whatever");
        var unknown = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => stranger.Sdk.ListKeysAsync(new ListKeysRequest()));
        Assert.Equal("UnrecognizedClientException", unknown.ErrorCode);
        using var wrongSecret = fixture.Aws(PrincipalsFixture.AdminKey, "not-the-secret");
        var invalid = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => wrongSecret.Sdk.ListKeysAsync(new ListKeysRequest()));
        Assert.Equal("InvalidSignatureException", invalid.ErrorCode);
    }
}
