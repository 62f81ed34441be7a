using System.Net;
using Kms.Node.Tests.Support;

namespace Kms.Node.Tests.Aws;

/// <summary>Requests whose SigV4 signature must not be accepted, each with the error AWS gives.</summary>
public class SigV4AttackTests(PrincipalsFixture fixture) : IClassFixture<PrincipalsFixture>, IDisposable
{
    private readonly AwsClient _client = fixture.Aws(PrincipalsFixture.AdminKey, PrincipalsFixture.AdminSecret);

    public void Dispose() => _client.Dispose();

    private async Task AssertRefused(Action<AwsClient.Signing> spoil, string expectedType)
    {
        var response = await _client.Post("ListKeys", new { }, spoil);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(expectedType, response.ErrorType);
        Assert.DoesNotContain(PrincipalsFixture.AdminSecret, response.Body);
    }

    [Fact]
    public async Task A_correctly_signed_request_is_accepted()
    {
        var response = await _client.Post("ListKeys", new { });
        response.EnsureOk();
        Assert.NotNull(response.Json!["Keys"]);
    }

    [Fact]
    public async Task The_content_hash_header_is_accepted_when_it_matches()
    {
        var response = await _client.Post("ListKeys", new { }, s => s.ContentSha256 = Kms.Gateway.Auth.SigV4.HexSha256("{}"u8));
        response.EnsureOk();
    }

    [Fact]
    public Task A_wrong_secret_is_InvalidSignature() => AssertRefused(s => s.Secret = "wrong-secret", "InvalidSignatureException");

    [Fact]
    public Task A_body_changed_after_signing_is_InvalidSignature() =>
        AssertRefused(s => s.BodyAfterSigning = "{\"Limit\": 1}", "InvalidSignatureException");

    [Fact]
    public Task A_signed_header_changed_after_signing_is_InvalidSignature() =>
        AssertRefused(s => s.TargetAfterSigning = "TrentService.CreateKey", "InvalidSignatureException");

    [Fact]
    public Task A_content_hash_header_that_does_not_match_the_body_is_InvalidSignature() =>
        AssertRefused(s => s.ContentSha256 = new string('0', 64), "InvalidSignatureException");

    [Fact]
    public Task A_request_whose_target_is_not_signed_is_InvalidSignature() =>
        AssertRefused(s => s.Unsigned = "x-amz-target", "InvalidSignatureException");

    [Fact]
    public Task An_unsigned_target_cannot_be_swapped_for_another_operation() =>
        AssertRefused(s =>
        {
            s.Unsigned = "x-amz-target";
            s.TargetAfterSigning = "TrentService.CreateKey";
        }, "InvalidSignatureException");

    [Fact]
    public Task A_request_whose_host_is_not_signed_is_InvalidSignature() =>
        AssertRefused(s => s.Unsigned = "host", "InvalidSignatureException");

    [Fact]
    public Task A_stale_date_is_InvalidSignature() => AssertRefused(s => s.Date = DateTimeOffset.UtcNow.AddMinutes(-6), "InvalidSignatureException");

    [Fact]
    public Task A_date_from_the_future_is_InvalidSignature() => AssertRefused(s => s.Date = DateTimeOffset.UtcNow.AddMinutes(6), "InvalidSignatureException");

    [Fact]
    public Task A_scope_date_other_than_the_request_date_is_InvalidSignature() =>
        AssertRefused(s => s.ScopeDate = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyyMMdd"), "InvalidSignatureException");

    [Fact]
    public Task Another_region_is_InvalidSignature() => AssertRefused(s => s.Region = "eu-west-1", "InvalidSignatureException");

    [Fact]
    public Task Another_service_is_InvalidSignature() => AssertRefused(s => s.Service = "s3", "InvalidSignatureException");

    [Fact]
    public Task An_unknown_access_key_is_UnrecognizedClient() => AssertRefused(s => s.AccessKeyId = "AKIANOBODY000000000", "UnrecognizedClientException");

    [Fact]
    public Task A_missing_Authorization_is_MissingAuthenticationToken() => AssertRefused(s => s.OmitAuthorization = true, "MissingAuthenticationTokenException");

    [Fact]
    public async Task An_unknown_operation_is_UnknownOperationException()
    {
        var response = await _client.Post("DeleteEverything", new { });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorType);
    }

    [Fact]
    public async Task Operations_with_no_result_answer_an_empty_object_and_dates_are_epoch_seconds()
    {
        var created = await _client.Post("CreateKey", new { Description = "epoch" });
        created.EnsureOk();
        var keyId = (string)created.Json!["KeyMetadata"]!["KeyId"]!;
        Assert.InRange((double)created.Json!["KeyMetadata"]!["CreationDate"]!, DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds());
        var disabled = await _client.Post("DisableKey", new { KeyId = keyId });
        disabled.EnsureOk();
        Assert.Equal("{}", disabled.Body);
    }
}
