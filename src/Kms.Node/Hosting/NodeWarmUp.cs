using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Hosting;

/// <summary>
/// Runs warm-up rounds once the node has started, and only then lets it report ready (<see cref="WarmUpHealthCheck"/>):
/// a node's first seconds go to the JIT, compiling and then recompiling its hot methods, and a node added under load
/// should do that before it takes traffic (docs/decisions/0102-warm-up-before-ready.md). The rounds go on until a whole
/// <see cref="QuietFor"/> of them left the JIT (nearly) nothing new to compile, or for at most
/// <paramref name="maxDuration"/>: a fixed time would do too little on a busy machine and wait for nothing on a
/// quiet one. At least one round runs; a round that fails ends the warm-up and the node serves anyway, since the
/// warm-up only saves time. <c>Kms:WarmUp:Enabled=false</c> turns it off.
/// </summary>
public sealed class NodeWarmUp(TimeSpan maxDuration, Func<CancellationToken, Task> round, IHostApplicationLifetime lifetime, ILogger<NodeWarmUp> log)
    : BackgroundService
{
    /// <summary>Methods compiled in a <see cref="QuietFor"/> that still count as quiet: the node's timers compile a few of their own.</summary>
    private const long QuietMethods = 20;

    /// <summary>
    /// Longer than the runtime waits after the last tier-0 compilation before it counts calls (100 ms), and long
    /// enough for a promoted method's instrumented tier to be called and promoted again: rounds that compile nothing
    /// for less may only be waiting for the tiering to start.
    /// </summary>
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the warm-up has ended (or there is none).</summary>
    public bool IsDone => _done.Task.IsCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (maxDuration <= TimeSpan.Zero) return;
            // The rounds send HTTPS requests to this node: they wait until it listens.
            await WhenStarted(stoppingToken);
            var started = TimeProvider.System.GetTimestamp();
            var (window, compiled) = (started, JitInfo.GetCompiledMethodCount());
            var rounds = 0;
            var settled = false;
            do
            {
                await round(stoppingToken);
                rounds++;
                if (TimeProvider.System.GetElapsedTime(window) < QuietFor) continue;
                var now = JitInfo.GetCompiledMethodCount();
                settled = now - compiled <= QuietMethods;
                (window, compiled) = (TimeProvider.System.GetTimestamp(), now);
            }
            while (!settled && TimeProvider.System.GetElapsedTime(started) < maxDuration);
            log.LogInformation("Warm-up: {Rounds} rounds in {Seconds:0.0} s{Outcome}", rounds, TimeProvider.System.GetElapsedTime(started).TotalSeconds,
                settled ? "" : ", stopped at Kms:WarmUp:MaxDuration with the JIT still compiling");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Warm-up failed; the node serves without it");
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private Task WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }
}
