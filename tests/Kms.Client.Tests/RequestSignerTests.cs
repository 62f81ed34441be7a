using System.Text;

namespace Kms.Client.Tests;

public class RequestSignerTests
{
    private static readonly byte[] GoKmsTestKey = Encoding.UTF8.GetBytes("e7yflbeeid26rredmwtbiyzxijzak6altcnrsi4yol2f5sexbgdwevlpgosfoeyy");

    private const string Date = "Wed, 28 Jan 2015 10:42:13 UTC";
    private const string ListKeys = "/api/v1/go-kms/listkeys";

    [Fact]
    public void The_body_hash_is_the_lower_case_hex_SHA_256_of_the_exact_bytes() =>
        Assert.Equal("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", RequestSigner.ContentHash("{}"u8));

    [Fact]
    public void Signatures_cover_method_date_path_and_the_body_hash_as_the_node_checks_them()
    {
        var hash = RequestSigner.ContentHash("{}"u8);
        // HMAC-SHA256(key, "POST\n" + date + "\n" + path + "\n" + hash), computed independently of both sides.
        Assert.Equal("rp4hDH8CCekjPR3ukmICQli3mopnHkHfy9jKSx/0G1A=", RequestSigner.Sign(GoKmsTestKey, "POST", Date, ListKeys, hash));
        Assert.True(Kms.Gateway.Auth.GoKmsSignature.Verify(GoKmsTestKey, "POST", Date, ListKeys, hash, RequestSigner.Sign(GoKmsTestKey, "POST", Date, ListKeys, hash)));
        // Not the legacy go-kms signature of the same request (go-kms's test vector), nor one for another body.
        Assert.NotEqual("9R9tcue5Qu/vjK8joBstyQM71Kxkb3XHKG9B9yKhngU=", RequestSigner.Sign(GoKmsTestKey, "POST", Date, ListKeys, hash));
        Assert.NotEqual(RequestSigner.Sign(GoKmsTestKey, "POST", Date, ListKeys, hash),
            RequestSigner.Sign(GoKmsTestKey, "POST", Date, ListKeys, RequestSigner.ContentHash("{\"Limit\":1}"u8)));
    }

    [Fact]
    public void Dates_are_written_as_go_writes_rfc_1123_in_utc()
    {
        Assert.Equal("Sat, 28 Nov 2026 16:04:52 UTC", RequestSigner.FormatDate(new DateTimeOffset(2026, 11, 28, 17, 4, 52, TimeSpan.FromHours(1))));
        Assert.Equal("Sun, 01 Feb 2015 09:05:07 UTC", RequestSigner.FormatDate(new DateTimeOffset(2015, 2, 1, 9, 5, 7, TimeSpan.Zero)));
    }
}
