using Kms.Gateway.Auth;

namespace Kms.Gateway.Tests.Auth;

public sealed class KmsDateTests
{
    private static readonly DateTimeOffset Instant = new(2026, 11, 28, 16, 4, 52, TimeSpan.Zero);

    [Theory]
    [InlineData("Sat, 28 Nov 2026 16:04:52 UTC")]
    [InlineData("Sat, 28 Nov 2026 16:04:52 GMT")]
    public void TryParse_reads_the_UTC_and_GMT_forms_as_the_same_UTC_instant(string value)
    {
        Assert.True(KmsDate.TryParse(value, out var date));

        Assert.Equal(Instant, date);
        Assert.Equal(TimeSpan.Zero, date.Offset);
    }

    [Fact]
    public void TryParse_reads_the_go_kms_vector_date()
    {
        Assert.True(KmsDate.TryParse("Wed, 28 Jan 2015 10:42:13 UTC", out var date));

        Assert.Equal(new DateTimeOffset(2015, 1, 28, 10, 42, 13, TimeSpan.Zero), date);
    }

    [Theory]
    [InlineData("Sun, 1 Nov 2026 09:00:00 UTC")]
    [InlineData("Sun, 01 Nov 2026 09:00:00 GMT")]
    public void TryParse_reads_a_day_with_or_without_a_leading_zero(string value)
    {
        Assert.True(KmsDate.TryParse(value, out var date));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("Sat, 28 Nov 2026 16:04:52")]
    [InlineData("Sat, 28 Nov 2026 16:04:52 PST")]
    [InlineData("Sat, 28 Nov 2026 16:04:52 +0000")]
    [InlineData("Sat, 28 Nov 2026 25:04:52 UTC")]
    [InlineData("Sat, 31 Nov 2026 16:04:52 UTC")]
    [InlineData("2026-11-28T16:04:52Z")]
    [InlineData("2026-11-28T16:04:52+00:00")]
    [InlineData("1795881892")]
    public void TryParse_refuses_anything_but_an_RFC_1123_date_in_UTC(string value)
    {
        Assert.False(KmsDate.TryParse(value, out _));
    }

    [Fact]
    public void TryParse_refuses_null()
    {
        Assert.False(KmsDate.TryParse(null, out _));
    }

    [Fact]
    public void TryParse_answers_each_text_with_its_own_date_whatever_it_parsed_before()
    {
        // The last parsed date is kept, so repeat, alternate and refuse texts in turn.
        const string first = "Sat, 28 Nov 2026 16:04:52 UTC", second = "Sat, 28 Nov 2026 16:04:53 UTC";
        for (var round = 0; round < 3; round++)
        {
            Assert.True(KmsDate.TryParse(first, out var one));
            Assert.True(KmsDate.TryParse(first, out var again));
            Assert.True(KmsDate.TryParse(second, out var two));
            Assert.False(KmsDate.TryParse(first + "x", out _));
            Assert.False(KmsDate.TryParse(null, out _));

            Assert.Equal(Instant, one);
            Assert.Equal(Instant, again);
            Assert.Equal(Instant.AddSeconds(1), two);
        }
    }

    [Fact]
    public void Format_writes_the_go_kms_UTC_form()
    {
        Assert.Equal("Sat, 28 Nov 2026 16:04:52 UTC", KmsDate.Format(Instant));
    }

    [Fact]
    public void Format_converts_to_UTC_and_pads_the_day()
    {
        var local = new DateTimeOffset(2026, 11, 1, 10, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal("Sun, 01 Nov 2026 08:30:00 UTC", KmsDate.Format(local));
    }

    [Fact]
    public void Format_round_trips_through_TryParse_to_the_second()
    {
        var time = new DateTimeOffset(2031, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(-7));

        Assert.True(KmsDate.TryParse(KmsDate.Format(time), out var parsed));

        Assert.Equal(new DateTimeOffset(2031, 2, 3, 11, 5, 6, TimeSpan.Zero), parsed);
    }
}
