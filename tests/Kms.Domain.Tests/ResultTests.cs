namespace Kms.Domain.Tests;

public class ResultTests
{
    private sealed record Reply(int N);

    [Fact]
    public void A_reply_is_ok_and_carries_no_error()
    {
        Result<Reply> result = new Reply(1);

        Assert.True(result.IsOk);
        Assert.Equal(new Reply(1), result.Value);
        Assert.Null(result.Error);
    }

    [Fact]
    public void An_error_is_not_ok_and_carries_no_reply()
    {
        Result<Reply> result = KmsError.NotFound("k");

        Assert.False(result.IsOk);
        Assert.Null(result.Value);
        Assert.Equal(KmsErrorCode.NotFound, result.Error!.Code);
    }

    [Fact]
    public void Map_turns_a_reply_into_another_and_passes_an_error_through_unchanged()
    {
        Result<Reply> ok = new Reply(2);
        var error = KmsError.Disabled("k");
        Result<Reply> failed = error;

        Assert.Equal(new Reply(4), ok.Map(r => new Reply(r.N * 2)).Value);
        Assert.Same(error, failed.Map<Reply>(_ => throw new InvalidOperationException("not called")).Error);
    }
}
