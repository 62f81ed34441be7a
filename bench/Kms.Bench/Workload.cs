namespace Kms.Bench;

/// <summary>What a prepared scenario sends while it is measured.</summary>
public abstract record Workload
{
    /// <summary>
    /// Every worker sends, waits for the answer and sends again, for the warm-up and then the measured duration;
    /// <see cref="Next"/> gives each request (from any worker, so it must be thread-safe).
    /// </summary>
    public sealed record ClosedLoop(Func<BenchRequest> Next) : Workload;

    /// <summary>Every request is sent exactly once, spread over the workers; all of them are measured.</summary>
    public sealed record EachOnce(IReadOnlyList<BenchRequest> Requests) : Workload;
}
