using System.Globalization;
using System.Text;
using System.Text.Json;
using Kms.Actors.Keys;
using Kms.Gateway.Json;
using Kms.Gateway.Operations;
using Microsoft.AspNetCore.Http;

namespace Kms.Gateway.Tests.Responses;

/// <summary>
/// Every operation's reply record is written byte for byte as the anonymous object it replaced was (through
/// reflection, with the gateway's options): names, casing, order, omitted nulls, base64, numbers and dates.
/// </summary>
public class ReplyWireTests
{
    private static readonly Front Aws = new(IsAws: true, KeyArns.Default);
    private static readonly Front Native = new(IsAws: false, KeyArns.Default);
    private static readonly Front[] Fronts = [Aws, Native];

    // Dates with seven, three and no fractional digits, and one before the epoch's millisecond rounding matters.
    private static readonly DateTimeOffset[] Dates =
    [
        new DateTimeOffset(2026, 11, 28, 16, 4, 37, TimeSpan.Zero).AddTicks(2167941),
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, 500, TimeSpan.FromHours(2)),
        new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1200),
    ];

    private const string KeyId = "0b3e9d0c-5d4b-4f8a-9f3e-2a1c7e6b5d40";
    private static readonly byte[] Blob = [1, 2, 3, 0xfb, 0xff];
    private static readonly byte[] Secret = [9, 8, 7];

    private static IEnumerable<KeyMetadata> Keys() => Dates.SelectMany(date => new[]
    {
        new KeyMetadata(KeyId, date, "a key", true, KeyStatus.Enabled),
        new KeyMetadata(KeyId, date, "", false, KeyStatus.PendingDeletion) { DeletionDate = date.AddDays(7), PendingDeletionWindowInDays = 7 },
        new KeyMetadata(KeyId, date, "mac", true, KeyStatus.Enabled) { Usage = KeyUsage.GenerateVerifyMac, Spec = KeySpec.Hmac384 },
    });

    [Fact]
    public async Task Key_metadata_replies_are_written_as_before()
    {
        foreach (var front in Fronts)
        foreach (var key in Keys())
        {
            var metadata = new KeyReplies.Metadata(key);
            await AssertSameBytes(new { KeyMetadata = FormerKeyMetadata(key, front) }, new CreateKeyOperation().Render(metadata, front));
            await AssertSameBytes(new { KeyMetadata = FormerKeyMetadata(key, front) }, new DescribeKeyOperation().Render(metadata, front));
            await AssertSameBytes(front.IsAws ? new { } : new { KeyMetadata = FormerKeyMetadata(key, front) }, new EnableKeyOperation().Render(metadata, front));
            await AssertSameBytes(front.IsAws ? new { } : new { KeyMetadata = FormerKeyMetadata(key, front) }, new DisableKeyOperation().Render(metadata, front));
            await AssertSameBytes(new { KeyId = front.Arns.Key(key.KeyId) }, new CancelKeyDeletionOperation().Render(metadata, front));
            await AssertSameBytes(new { KeyId = key.KeyId }, new RotateKeyOnDemandOperation().Render(metadata, front));
            await AssertSameBytes(
                new { KeyId = front.Arns.Key(key.KeyId), DeletionDate = FormerDate(key.DeletionDate, front), KeyState = key.KeyState.ToString(), PendingWindowInDays = key.PendingDeletionWindowInDays },
                new ScheduleKeyDeletionOperation().Render(metadata, front));
            foreach (var marker in new[] { null, "next" })
            {
                var page = new Page<KeyMetadata>([key, key], marker);
                await AssertSameBytes(
                    front.IsAws
                        ? new { Keys = page.Items.Select(k => new { k.KeyId, KeyArn = front.Arns.Key(k.KeyId) }), page.NextMarker, page.Truncated }
                        : new { KeyMetadata = page.Items.Select(k => FormerKeyMetadata(k, front)), page.NextMarker, page.Truncated },
                    new ListKeysOperation().Render(page, front));
            }
        }
    }

    [Fact]
    public async Task Replies_with_no_result_are_an_empty_object()
    {
        var metadata = new KeyReplies.Metadata(Keys().First());
        foreach (var front in Fronts)
        {
            await AssertSameBytes(new { }, new DisableKeyRotationOperation().Render(metadata, front));
            await AssertSameBytes(new { }, new EnableKeyRotationOperation().Render(metadata, front));
            await AssertSameBytes(new { }, new TagResourceOperation().Render(metadata, front));
            await AssertSameBytes(new { }, new UntagResourceOperation().Render(metadata, front));
            await AssertSameBytes(new { }, new UpdateKeyDescriptionOperation().Render(metadata, front));
            await AssertSameBytes(new { }, new CreateAliasOperation().Render(null!, front));
            await AssertSameBytes(new { }, new UpdateAliasOperation().Render(null!, front));
            await AssertSameBytes(new { }, new DeleteAliasOperation().Render(null!, front));
        }
    }

    [Fact]
    public async Task Cryptographic_replies_are_written_as_before()
    {
        foreach (var f in Fronts)
        {
            var encrypted = new KeyReplies.Encrypted(KeyId, Blob);
            await AssertSameBytes(
                f.IsAws ? new { encrypted.CiphertextBlob, KeyId = f.Arns.Key(KeyId), EncryptionAlgorithm = "SYMMETRIC_DEFAULT" } : new { encrypted.CiphertextBlob },
                new EncryptOperation().Render(encrypted, f));
            var decrypted = new KeyReplies.Decrypted(KeyId, Secret);
            await AssertSameBytes(
                f.IsAws ? new { KeyId = f.Arns.Key(KeyId), decrypted.Plaintext, EncryptionAlgorithm = "SYMMETRIC_DEFAULT" } : new { decrypted.Plaintext },
                new DecryptOperation().Render(decrypted, f));
            var reEncrypted = new KeyReplies.ReEncrypted(KeyId, "source-key", Blob);
            await AssertSameBytes(
                f.IsAws
                    ? new { reEncrypted.CiphertextBlob, SourceKeyId = f.Arns.Key("source-key"), KeyId = f.Arns.Key(KeyId), SourceEncryptionAlgorithm = "SYMMETRIC_DEFAULT", DestinationEncryptionAlgorithm = "SYMMETRIC_DEFAULT" }
                    : new { reEncrypted.CiphertextBlob, KeyID = KeyId, SourceKeyID = "source-key" },
                new ReEncryptOperation().Render(reEncrypted, f));
            var dataKey = new KeyReplies.DataKey(KeyId, Secret, Blob);
            await AssertSameBytes(
                f.IsAws ? new { dataKey.CiphertextBlob, dataKey.Plaintext, KeyId = f.Arns.Key(KeyId) } : new { dataKey.Plaintext, dataKey.CiphertextBlob },
                new GenerateDataKeyOperation().Render(dataKey, f));
            await AssertSameBytes(new { dataKey.CiphertextBlob, KeyId = f.Arns.Key(KeyId) }, new GenerateDataKeyWithoutPlaintextOperation().Render(dataKey, f));
            await AssertSameBytes(new { Plaintext = Secret }, new GenerateRandomOperation().Render(new KeyReplies.RandomBytes(Secret), f));
            await AssertSameBytes(
                new { Mac = Blob, MacAlgorithm = "HMAC_SHA_512", KeyId = f.Arns.Key(KeyId) },
                new GenerateMacOperation().Render(new KeyReplies.Mac(KeyId, Blob, MacAlgorithm.HmacSha512), f));
            await AssertSameBytes(
                new { KeyId = f.Arns.Key(KeyId), MacValid = true, MacAlgorithm = "HMAC_SHA_256" },
                new VerifyMacOperation().Render(new KeyReplies.MacVerified(KeyId, MacAlgorithm.HmacSha256), f));
        }
    }

    [Fact]
    public async Task Rotation_tag_and_alias_replies_are_written_as_before()
    {
        foreach (var f in Fronts)
        foreach (var date in Dates)
        foreach (var marker in new[] { null, "next" })
        {
            foreach (var status in new[] { new KeyReplies.RotationStatus(KeyId, true, 90, date), new KeyReplies.RotationStatus(KeyId, false, null, null) })
                await AssertSameBytes(
                    new { KeyRotationEnabled = status.Enabled, KeyId = f.Arns.Key(KeyId), status.RotationPeriodInDays, NextRotationDate = FormerDate(status.NextRotationDate, f) },
                    new GetKeyRotationStatusOperation().Render(status, f));

            var rotations = new Page<KeyReplies.Rotation>([new(2, date, RotationType.Automatic), new(3, date.AddDays(1), RotationType.OnDemand)], marker) { KeyId = KeyId };
            await AssertSameBytes(
                new { Rotations = rotations.Items.Select(i => new { KeyId = f.Arns.Key(KeyId), RotationDate = FormerDate(i.RotationDate, f), RotationType = i.RotationType == RotationType.Automatic ? "AUTOMATIC" : "ON_DEMAND" }), rotations.NextMarker, rotations.Truncated },
                new ListKeyRotationsOperation().Render(rotations, f));

            var tags = new Page<KeyValuePair<string, string>>([new("team", "payments"), new("ünïcode", "<&>")], marker) { KeyId = KeyId };
            await AssertSameBytes(
                new { Tags = tags.Items.Select(t => new TagDto { TagKey = t.Key, TagValue = t.Value }), tags.NextMarker, tags.Truncated },
                new ListResourceTagsOperation().Render(tags, f));

            var aliases = new Page<AliasState>([new("alias/one", KeyId, date, date.AddHours(1))], marker);
            await AssertSameBytes(
                new
                {
                    Aliases = aliases.Items.Select(a => new { a.AliasName, AliasArn = f.Arns.Alias(a.AliasName), a.TargetKeyId, CreationDate = FormerDate(a.CreationDate, f), LastUpdatedDate = FormerDate(a.LastUpdatedDate, f) }),
                    aliases.NextMarker,
                    aliases.Truncated,
                },
                new ListAliasesOperation().Render(aliases, f));
        }
    }

    [Fact]
    public void Every_operation_answers_with_records_the_generated_serializer_knows()
    {
        foreach (var operation in new OperationCatalog().All)
        foreach (var type in new[] { operation.ReplyTypes.Native, operation.ReplyTypes.Aws })
            Assert.True(ResponseJsonContext.Default.GetTypeInfo(type) is not null, $"{operation.Name}: {type.Name} is not in ResponseJsonContext.");
    }

    private static async Task AssertSameBytes(object former, object now)
    {
        var expected = JsonSerializer.Serialize(former, former.GetType(), GatewayJson.Options);
        var http = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        await GatewayJson.WriteAsync(http, now);
        Assert.Equal(expected, Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()));
    }

    /// <summary>Dates as the gateway wrote them before its reply records: epoch seconds for AWS, RFC 3339 for the native API.</summary>
    private static object FormerDate(DateTimeOffset time, Front front) => front.IsAws
        ? time.ToUnixTimeMilliseconds() / 1000.0
        : time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static object? FormerDate(DateTimeOffset? time, Front front) => time is { } value ? FormerDate(value, front) : null;

    private static object FormerKeyMetadata(KeyMetadata key, Front front) => new
    {
        key.KeyId,
        CreationDate = FormerDate(key.CreationDate, front),
        key.Description,
        key.Enabled,
        Arn = front.Arns.Key(key.KeyId),
        AWSAccountId = front.Arns.AccountId,
        KeyState = key.KeyState.ToString(),
        KeyUsage = AwsNames.Of(key.Usage),
        KeySpec = AwsNames.Of(key.Spec),
        CustomerMasterKeySpec = AwsNames.Of(key.Spec),
        KeyManager = "CUSTOMER",
        Origin = "AWS_KMS",
        MultiRegion = false,
        DeletionDate = FormerDate(key.DeletionDate, front),
        key.PendingDeletionWindowInDays,
        EncryptionAlgorithms = key.Usage == KeyUsage.EncryptDecrypt ? new[] { "SYMMETRIC_DEFAULT" } : null,
        MacAlgorithms = key.Spec.MacAlgorithm() is { } mac ? new[] { AwsNames.Of(mac) } : null,
    };
}
