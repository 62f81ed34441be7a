using System.Text;
using Kms.Gateway.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Client.Tests;

public class PerSecondSignerTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a shared key of more than sixteen bytes");
    private const string Path = "/api/v1/go-kms/encrypt";

    [Fact]
    public void Within_one_second_a_path_and_body_are_signed_once_and_the_signature_is_the_one_the_node_accepts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero));
        var signer = new PerSecondSigner(Key, clock);
        var hash = RequestSigner.ContentHash("{}"u8);

        var first = signer.Sign(Path, hash);
        clock.Advance(TimeSpan.FromMilliseconds(900));

        Assert.Same(first, signer.Sign(Path, hash));
        Assert.Equal("Mon, 07 Dec 2026 20:00:00 UTC", first.Date);
        Assert.True(GoKmsSignature.Verify(Key, "POST", first.Date, Path, hash, first.Authorization));
    }

    [Fact]
    public void A_new_second_another_body_or_no_body_hash_each_get_their_own_signature()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero));
        var signer = new PerSecondSigner(Key, clock);
        var hash = RequestSigner.ContentHash("{}"u8);
        var first = signer.Sign(Path, hash);

        var legacy = signer.Sign(Path);
        var otherBody = signer.Sign(Path, RequestSigner.ContentHash("{\"KeyID\":\"k\"}"u8));
        clock.Advance(TimeSpan.FromSeconds(1));
        var later = signer.Sign(Path, hash);

        Assert.True(GoKmsSignature.Verify(Key, "POST", legacy.Date, Path, legacy.Authorization));
        Assert.NotEqual(first.Authorization, otherBody.Authorization);
        Assert.Equal("Mon, 07 Dec 2026 20:00:01 UTC", later.Date);
        Assert.Equal(RequestSigner.Sign(Key, "POST", later.Date, Path, hash), later.Authorization);
    }
}
