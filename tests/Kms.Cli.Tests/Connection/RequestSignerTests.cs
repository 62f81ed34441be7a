using System.Text;
using Kms.Cli.Connection;

namespace Kms.Cli.Tests.Connection;

public class RequestSignerTests
{
    private static readonly byte[] GoKmsTestKey = Encoding.UTF8.GetBytes("e7yflbeeid26rredmwtbiyzxijzak6altcnrsi4yol2f5sexbgdwevlpgosfoeyy");

    [Fact]
    public void Signatures_match_the_go_kms_test_vectors()
    {
        Assert.Equal("9R9tcue5Qu/vjK8joBstyQM71Kxkb3XHKG9B9yKhngU=",
            RequestSigner.Sign(GoKmsTestKey, "POST", "Wed, 28 Jan 2015 10:42:13 UTC", "/api/v1/go-kms/listkeys"));
        Assert.Equal("RvPtP0QB7iIun1ehwheD4YUo7+fYfw7/ywl+HsC5Ddk=",
            RequestSigner.Sign(GoKmsTestKey, "COPY", "Wed, 28 Jan 2015 10:42:13 UTC", "/api/v1/blocker/6f90d707-3b6a-4321-b32c-3c1d37915c1b"));
    }

    [Fact]
    public void Dates_are_written_as_go_writes_rfc_1123_in_utc()
    {
        Assert.Equal("Sat, 28 Nov 2026 16:04:52 UTC", RequestSigner.FormatDate(new DateTimeOffset(2026, 11, 28, 17, 4, 52, TimeSpan.FromHours(1))));
        Assert.Equal("Sun, 01 Feb 2015 09:05:07 UTC", RequestSigner.FormatDate(new DateTimeOffset(2015, 2, 1, 9, 5, 7, TimeSpan.Zero)));
    }
}
