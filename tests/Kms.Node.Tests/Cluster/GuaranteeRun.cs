namespace Kms.Node.Tests.Cluster;

/// <summary>
/// The shape of the cross-node guarantee tests: requests warmed through B and C (so that, with leased crypto, those
/// nodes hold leases of the keys when a change comes), then sent without pause through every member while changes are
/// made. Each state of the keys is a <see cref="Phase"/>, from the answer of the change that made it (or the start of
/// the traffic) to the sending of the next change; every request made wholly within a phase must see its state.
/// </summary>
public sealed class GuaranteeRun : IAsyncDisposable
{
    private readonly Traffic _traffic;
    private Phase _current;

    private GuaranteeRun(Traffic traffic, Phase first)
    {
        _traffic = traffic;
        _current = First = first;
    }

    /// <summary>The keys' state before any change.</summary>
    public Phase First { get; }

    public IReadOnlyList<Traffic.Answer> Answers => _traffic.Answers;

    /// <summary>Warms every request through B and C, starts the traffic through every member, and waits until every member answered every request twice.</summary>
    public static async Task<GuaranteeRun> Start(GuaranteeCluster cluster, IReadOnlyList<Traffic.Request> requests, string covered)
    {
        foreach (var request in requests)
            foreach (var warm in new[] { cluster.B, cluster.C })
                (await warm.Post(request.Operation, request.Body)).EnsureOk();
        var traffic = Traffic.Start(cluster.All, requests);
        var run = new GuaranteeRun(traffic, new Phase(Traffic.Now));
        try
        {
            await traffic.Covered(run.First.From, 2, covered);
            return run;
        }
        catch
        {
            await traffic.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Makes a change (the current phase ends when it is sent), starts the next phase when it returns, and waits until
    /// every member answered every request <paramref name="times"/> times in that phase.
    /// </summary>
    public async Task<Phase> Change(Func<Task> change, string covered, int times = 3)
    {
        _current.Until = Traffic.Now;
        await change();
        _current = new Phase(Traffic.Now);
        await _traffic.Covered(_current.From, times, covered);
        return _current;
    }

    public Task Stop() => _traffic.Stop();

    /// <summary>The answers to requests sent after <paramref name="from"/> and answered before <paramref name="until"/>.</summary>
    public IEnumerable<Traffic.Answer> Within(long from, long until) => _traffic.Within(from, until);

    /// <summary>Every request made wholly within <paramref name="phase"/> was answered as <paramref name="expected"/>.</summary>
    public void AssertAll(Phase phase, Func<Traffic.Answer, bool> expected, string state) =>
        AssertAll(Within(phase.From, phase.Until), expected, state);

    /// <summary>Every answer meets <paramref name="expected"/>, and there is at least one; the first few that do not are shown.</summary>
    public static void AssertAll(IEnumerable<Traffic.Answer> answers, Func<Traffic.Answer, bool> expected, string state)
    {
        var all = answers.ToList();
        Assert.NotEmpty(all);
        var wrong = all.Where(a => !expected(a)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {all.Count} requests sent while the keys were {state} were answered otherwise, e.g.:\n" +
            string.Join("\n", wrong.Take(5)));
    }

    public ValueTask DisposeAsync() => _traffic.DisposeAsync();

    /// <summary>A state of the keys: from a <see cref="Traffic.Now"/> moment until the next change was sent (or for ever).</summary>
    public sealed class Phase(long from)
    {
        public long From { get; } = from;

        public long Until { get; internal set; } = long.MaxValue;
    }
}
