namespace Kms.Domain.Tests.Keys;

public class KeyIdTests
{
    private const string Id = "0f8fad5b-d9cb-469f-a165-70867728950e";

    [Fact]
    public void A_lower_case_uuid_is_a_key_id_and_prints_as_itself()
    {
        Assert.True(KeyId.TryParse(Id, out var keyId));
        Assert.Equal(Id, keyId.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950E")]
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950e}")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e0")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950g")]
    [InlineData("alias/0f8fad5b-d9cb-469f-a165-70867728950e")]
    public void Anything_else_is_not_a_key_id(string? text) => Assert.False(KeyId.TryParse(text, out _));

    [Fact]
    public void A_new_key_id_reads_back_as_a_key_id()
    {
        var made = KeyId.New();

        Assert.True(KeyId.TryParse(made.ToString(), out var read));
        Assert.Equal(made, read);
        Assert.NotEqual(made, KeyId.New());
    }

    [Fact]
    public void Key_ids_are_equal_by_their_text()
    {
        Assert.True(KeyId.TryParse(Id, out var first));
        Assert.True(KeyId.TryParse(new string(Id.ToCharArray()), out var second));

        Assert.Equal(first, second);
        Assert.True(first == second);
    }
}
