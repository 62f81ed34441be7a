using Kms.Actors.Keys;
using Kms.Gateway.Operations;

namespace Kms.Gateway.Tests.Operations;

public class KeyReferenceParserTests
{
    private const string Id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly KeyArns Arns = new("eu-west-1", "111122223333");

    [Fact]
    public void A_key_id_or_key_arn_names_the_key()
    {
        var byId = KeyReferenceParser.Parse(Id, Arns);
        var byArn = KeyReferenceParser.Parse(Arns.Key(Id), Arns);

        Assert.Equal(Id, byId.Value?.KeyId?.ToString());
        Assert.Equal(Id, byArn.Value?.KeyId?.ToString());
        Assert.Equal(Arns.Key(Id), byArn.Value?.Named);
    }

    [Fact]
    public void An_alias_name_or_alias_arn_names_the_alias_and_keeps_the_callers_words()
    {
        var byName = KeyReferenceParser.Parse("alias/orders", Arns);
        var byArn = KeyReferenceParser.Parse(Arns.Alias("alias/orders"), Arns);

        Assert.Equal("alias/orders", byName.Value?.AliasName);
        Assert.Equal("alias/orders", byArn.Value?.AliasName);
        Assert.Null(byArn.Value?.KeyId);
        Assert.Equal(Arns.Alias("alias/orders"), byArn.Value?.Named);
    }

    [Fact]
    public void A_reserved_alias_name_is_still_a_reference_to_resolve() =>
        Assert.Equal("alias/aws/s3", KeyReferenceParser.Parse("alias/aws/s3", Arns).Value?.AliasName);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_key_is_required_by_its_field_name(string? text)
    {
        var parsed = KeyReferenceParser.Parse(text, Arns, "DestinationKeyId");

        Assert.Equal(KmsErrorCode.Validation, parsed.Error?.Code);
        Assert.Equal("DestinationKeyId is required.", parsed.Error?.Message);
    }

    [Theory]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("not-a-key")]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/" + Id)]
    [InlineData("arn:aws:kms:eu-west-1:444455556666:key/" + Id)]
    [InlineData("arn:aws:kms:eu-west-1:444455556666:alias/orders")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/not-a-key")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:keyring/" + Id)]
    [InlineData("arn:aws:s3:eu-west-1:111122223333:key/" + Id)]
    public void A_malformed_id_or_another_places_arn_is_not_found_quoting_the_caller(string text)
    {
        var parsed = KeyReferenceParser.Parse(text, Arns);

        Assert.Equal(KmsErrorCode.NotFound, parsed.Error?.Code);
        Assert.Equal($"Key '{text}' does not exist.", parsed.Error?.Message);
    }

    [Fact]
    public void An_alias_name_longer_than_allowed_is_not_found()
    {
        var name = "alias/" + new string('a', AliasNames.MaxLength);

        Assert.Equal(KmsErrorCode.NotFound, KeyReferenceParser.Parse(name, Arns).Error?.Code);
        Assert.Equal(KmsErrorCode.NotFound, KeyReferenceParser.Parse(Arns.Alias(name), Arns).Error?.Code);
    }

    [Fact]
    public void An_alias_target_must_be_a_key_id_or_key_arn()
    {
        Assert.Equal(Id, KeyReferenceParser.ParseKeyId(Arns.Key(Id), Arns, "TargetKeyId").Value?.ToString());
        foreach (var alias in new[] { "alias/orders", Arns.Alias("alias/orders"), "arn:aws:kms:us-east-1:000000000000:alias/orders" })
        {
            var parsed = KeyReferenceParser.ParseKeyId(alias, Arns, "TargetKeyId");
            Assert.Equal(KmsErrorCode.Validation, parsed.Error?.Code);
            Assert.Equal("TargetKeyId must be a key id or key ARN, not an alias.", parsed.Error?.Message);
        }
        Assert.Equal("TargetKeyId is required.", KeyReferenceParser.ParseKeyId(null, Arns, "TargetKeyId").Error?.Message);
    }
}
