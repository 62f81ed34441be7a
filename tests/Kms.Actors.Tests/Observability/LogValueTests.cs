using Kms.Actors.Observability;

namespace Kms.Actors.Tests.Observability;

public class LogValueTests
{
    [Fact]
    public void A_value_with_nothing_to_escape_is_returned_as_it_is()
    {
        const string keyId = "alias/orders-2026_eu.west";
        Assert.Same(keyId, LogValue.Escape(keyId));
    }

    [Theory]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\ninfo: forged", @"a\r\ninfo: forged")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("esc\u001b[31mred", @"esc\u001b[31mred")]
    [InlineData("nel\u0085ls\u2028ps\u2029", @"nel\u0085ls\u2028ps\u2029")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData(@"not\na newline", @"not\\na newline")]
    public void Control_characters_and_backslashes_are_escaped(string value, string logged)
    {
        Assert.Equal(logged, LogValue.Escape(value));
        Assert.DoesNotContain(LogValue.Escape(value), c => char.IsControl(c) || c is '\u2028' or '\u2029');
    }

    [Fact]
    public void Null_is_logged_as_nothing() => Assert.Equal("", LogValue.Escape(null));
}
