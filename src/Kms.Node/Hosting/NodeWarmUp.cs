using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Hosting;

/// <summary>
/// Runs warm-up rounds once the node has started, and only then lets it report ready (<see cref="WarmUpHealthCheck"/>):
/// a node's first seconds go to the JIT, compiling and then recompiling its hot methods, and a node added under load
/// should do that before it takes traffic (docs/decisions/0102-warm-up-before-ready.md). The rounds go on until two
/// in a row leave the JIT (nearly) nothing new to compile, or for at most <paramref name="maxDuration"/>: a fixed time
/// would do too little on a busy machine and wait for nothing on a quiet one. At least one round runs; a round that
/// fails ends the warm-up and the node serves anyway, since the warm-up only saves time.
/// </summary>
public sealed class NodeWarmUp(TimeSpan maxDuration, Func<CancellationToken, Task> round, IHostApplicationLifetime lifetime, ILogger<NodeWarmUp> log)
    : BackgroundService
{
    /// <summary>Methods a round may still see compiled and count as quiet: the node's timers compile a few of their own.</summary>
    private const long QuietMethods = 5;

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
            var compiled = JitInfo.GetCompiledMethodCount();
            int rounds = 0, quiet = 0;
            do
            {
                await round(stoppingToken);
                rounds++;
                var now = JitInfo.GetCompiledMethodCount();
                quiet = now - compiled <= QuietMethods ? quiet + 1 : 0;
                compiled = now;
            }
            while (quiet < 2 && TimeProvider.System.GetElapsedTime(started) < maxDuration);
            log.LogInformation("Warm-up: {Rounds} rounds in {Seconds:0.0} s{Outcome}", rounds, TimeProvider.System.GetElapsedTime(started).TotalSeconds,
                quiet >= 2 ? "" : ", stopped at Kms:WarmUp:MaxDuration with the JIT still compiling");
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
