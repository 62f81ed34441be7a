namespace Kms.Domain.Tests.Keys;

public class KeyReferenceTests
{
    private const string Id = "0f8fad5b-d9cb-469f-a165-70867728950e";

    [Fact]
    public void A_key_id_names_that_key()
    {
        Assert.True(KeyReference.TryParse(Id, out var reference));

        Assert.Equal(Id, reference.KeyId?.ToString());
        Assert.Null(reference.AliasName);
        Assert.Equal(Id, reference.Named);
    }

    [Theory]
    [InlineData("alias/orders")]
    [InlineData("alias/aws/s3")]
    [InlineData("alias/" + Id)]
    public void An_alias_name_names_an_alias_to_resolve(string text)
    {
        Assert.True(KeyReference.TryParse(text, out var reference));

        Assert.Null(reference.KeyId);
        Assert.Equal(text, reference.AliasName);
        Assert.Equal(text, reference.Named);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("orders")]
    [InlineData("Alias/orders")]
    [InlineData("arn:aws:kms:us-east-1:000000000000:key/" + Id)]
    [InlineData("arn:aws:kms:us-east-1:000000000000:alias/orders")]
    public void Anything_else_names_nothing(string? text) => Assert.False(KeyReference.TryParse(text, out _));

    [Fact]
    public void An_alias_name_longer_than_allowed_names_nothing() =>
        Assert.False(KeyReference.TryParse("alias/" + new string('a', AliasNames.MaxLength), out _));

    [Fact]
    public void A_reference_to_a_key_id_quotes_the_id()
    {
        var keyId = KeyId.New();

        Assert.Equal(keyId.ToString(), KeyReference.To(keyId).Named);
        Assert.Same(keyId, KeyReference.To(keyId).KeyId);
    }
}
