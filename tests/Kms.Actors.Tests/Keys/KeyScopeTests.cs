using Kms.Actors.Keys;

namespace Kms.Actors.Tests.Keys;

public class KeyScopeTests
{
    private static KeyScope Scope(params string[] patterns) => new(patterns, KeyArns.Default);

    [Theory]
    [InlineData("alias/orders", "alias/orders", true)]
    [InlineData("alias/orders", "alias/orders-eu", false)]
    [InlineData("alias/orders", "Alias/Orders", false)]
    [InlineData("alias/orders-*", "alias/orders-eu", true)]
    [InlineData("alias/orders-*", "alias/orders-", true)]
    [InlineData("alias/orders-*", "alias/orders", false)]
    [InlineData("alias/orders-*", "x-alias/orders-eu", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything at all", true)]
    [InlineData("*-eu", "alias/orders-eu", true)]
    [InlineData("*-eu", "alias/orders-eu-2", false)]
    [InlineData("alias/*/eu/*", "alias/orders/eu/1", true)]
    [InlineData("alias/*/eu/*", "alias/orders/us/1", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYcZ", false)]
    [InlineData("a**c", "ac", true)]
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", true)]
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("key.id", "keyXid", false)]
    [InlineData("key[1]", "key[1]", true)]
    [InlineData("(a|b)+", "a", false)]
    public void A_pattern_matches_the_whole_value_with_star_as_any_run(string pattern, string value, bool matches) =>
        Assert.Equal(matches, Scope(pattern).Matches(value));

    [Fact]
    public void A_value_is_in_scope_when_any_pattern_matches()
    {
        var scope = Scope("alias/a", "alias/b*");
        Assert.True(scope.Matches("alias/a"));
        Assert.True(scope.Matches("alias/bee"));
        Assert.False(scope.Matches("alias/c"));
        Assert.False(Scope().Matches("alias/a"));
    }

    [Fact]
    public void A_key_is_named_by_its_id_or_its_arn_and_an_alias_by_its_name_or_its_arn()
    {
        const string keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
        Assert.True(Scope(keyId).NamesKey(keyId));
        Assert.True(Scope("arn:aws:kms:us-east-1:000000000000:key/*").NamesKey(keyId));
        Assert.False(Scope("arn:aws:kms:eu-west-1:*:key/*").NamesKey(keyId));
        Assert.True(Scope("arn:aws:kms:*:alias/orders-*").AllowsAliasName("alias/orders-eu"));
        Assert.True(Scope("alias/orders-*").AllowsAliasName("alias/orders-eu"));
        Assert.False(Scope("alias/orders-*").AllowsAliasName("alias/billing"));
    }
}
