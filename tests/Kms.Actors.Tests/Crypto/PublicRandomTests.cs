using System.Collections.Concurrent;
using Kms.Actors.Crypto;

namespace Kms.Actors.Tests.Crypto;

public class PublicRandomTests
{
    [Fact]
    public void Draws_do_not_repeat_across_buffer_refills_and_threads()
    {
        // 4 threads × 2,000 salt-and-nonce draws of 28 bytes: each thread refills its 4 KB buffer over a dozen times.
        var draws = new ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            Span<byte> draw = stackalloc byte[28];
            for (var i = 0; i < 2000; i++)
            {
                PublicRandom.Fill(draw);
                draws.Add(Convert.ToHexString(draw));
            }
        });
        Assert.Equal(8000, draws.Distinct().Count());
    }

    [Theory]
    [InlineData(4000, 200)] // the second does not fit what is left: the buffer is refilled first
    [InlineData(4080, 16)]  // the second takes exactly what is left
    [InlineData(4096, 1)]   // the first takes the whole buffer
    public void A_draw_never_hands_out_bytes_already_used(int first, int second)
    {
        // Used bytes are wiped, so handing them out again would show as zeros: random bytes are zero 1 time in 256.
        var drawn = new List<byte>();
        var thread = new Thread(() =>
        {
            PublicRandom.Fill(new byte[first]);
            for (var i = 0; i < 300; i++)
            {
                var draw = new byte[second];
                PublicRandom.Fill(draw);
                drawn.AddRange(draw);
            }
        });
        thread.Start();
        thread.Join();
        Assert.Equal(300 * second, drawn.Count);
        Assert.True(drawn.Count(b => b == 0) < drawn.Count / 20, "draws after the first are random, not wiped bytes");
    }

    [Fact]
    public void Draws_larger_than_the_buffer_come_straight_from_the_system_generator()
    {
        var a = new byte[PublicRandom.BufferBytes + 1];
        var b = new byte[PublicRandom.BufferBytes + 1];
        PublicRandom.Fill(a);
        PublicRandom.Fill(b);
        Assert.False(a.AsSpan().SequenceEqual(b));
        Assert.True(a.Count(x => x == 0) < a.Length / 64, "a draw of random bytes is not mostly zeros");
    }
}
