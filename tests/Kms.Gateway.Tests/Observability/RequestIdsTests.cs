using System.Collections.Concurrent;
using Kms.Gateway.Observability;

namespace Kms.Gateway.Tests.Observability;

public class RequestIdsTests
{
    [Fact]
    public void Ids_are_32_lowercase_hex_digits()
    {
        for (var i = 0; i < 1000; i++)
            Assert.Matches("^[0-9a-f]{32}$", RequestIds.Next());
    }

    [Fact]
    public void Ids_do_not_repeat_across_buffer_refills_and_threads()
    {
        // 4 threads × 2,000 ids: each thread refills its 256-id buffer several times.
        var ids = new ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 2000; i++) ids.Add(RequestIds.Next());
        });
        Assert.Equal(8000, ids.Distinct().Count());
    }
}
