using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Kms.Actors.Persistence;

/// <summary>
/// Whether the journal's database is known to take writes, so that a request needing one is refused at once
/// while it does not, instead of after a chain of timeouts. A failed journal or snapshot operation marks it
/// unavailable; from then on a cheap probe (on PostgreSQL "is this server a primary", on SQLite <c>SELECT 1</c>)
/// runs at once and then every <see cref="ProbeInterval"/> until it answers, which marks it available again.
/// Nothing probes while the journal works. Both transitions drop the pool's idle connections, which an outage
/// or a failover leaves broken. Reading <see cref="Available"/> is one volatile read.
/// </summary>
public sealed class JournalAvailability : IDisposable
{
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly PlainSqlDatabase? _database;
    private readonly string _probeSql;
    private readonly ILogger? _log;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _available = true;
    private bool _probing;
    private long _failures;
    private DateTimeOffset? _unavailableSince;

    public JournalAvailability(PersistenceSettings settings, ILogger? log = null, TimeProvider? clock = null, TimeSpan? probeInterval = null)
    {
        var postgres = settings.Provider == PersistenceSettings.Postgres;
        _database = PlainSqlDatabase.For(postgres ? "PostgreSQL" : "SQLite", settings.ConnectionString);
        // A hot standby answers SELECT 1 but refuses writes: it is no journal.
        _probeSql = postgres ? "SELECT NOT pg_is_in_recovery()" : "SELECT 1";
        _log = log;
        _clock = clock ?? TimeProvider.System;
        ProbeInterval = probeInterval ?? DefaultProbeInterval;
    }

    public TimeSpan ProbeInterval { get; }

    /// <summary>False from a failed journal operation until a probe finds the database taking writes again.</summary>
    public bool Available => _available;

    /// <summary>What the detailed health response shows: available or not, and since when not.</summary>
    public JournalStatus Status
    {
        get
        {
            lock (_lock) return new JournalStatus(_available, _unavailableSince);
        }
    }

    /// <summary>A journal or snapshot operation failed; writes are refused until a probe finds the database taking them.</summary>
    public void ReportFailure(Exception cause)
    {
        bool becameUnavailable;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested) return;
            _failures++;
            becameUnavailable = _available;
            if (becameUnavailable)
            {
                _available = false;
                _unavailableSince = _clock.GetUtcNow();
                KmsMetrics.JournalBecameUnavailable();
            }
            if (_probing) return;
            _probing = true;
        }
        if (becameUnavailable)
        {
            _log?.LogWarning("The journal failed ({Error}); requests that need a write are refused until it answers again.",
                $"{cause.GetType().Name}: {cause.Message}");
            ClearPool();
        }
        _ = Task.Run(ProbeUntilAvailable);
    }

    private async Task ProbeUntilAvailable()
    {
        while (!_stopping.IsCancellationRequested)
        {
            long failuresBefore;
            lock (_lock) failuresBefore = _failures;
            var takesWrites = await TakesWrites();
            TimeSpan? outage = null;
            lock (_lock)
            {
                // A failure reported while the probe ran is newer than its answer: probe again.
                if (takesWrites && _failures == failuresBefore)
                {
                    _probing = false;
                    if (_available || _stopping.IsCancellationRequested) return;
                    _available = true;
                    KmsMetrics.JournalBecameAvailable();
                    outage = _clock.GetUtcNow() - _unavailableSince!.Value;
                    _unavailableSince = null;
                }
            }
            if (outage is { } lasted)
            {
                ClearPool();
                _log?.LogInformation("The journal answers again after {Seconds:0.0} s; changes are accepted.", lasted.TotalSeconds);
                return;
            }
            try
            {
                await Task.Delay(ProbeInterval, _clock, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> TakesWrites()
    {
        if (_database is null) return true;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(ProbeTimeout);
            await using var connection = await _database.Open(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = _probeSql;
            return await command.ExecuteScalarAsync(timeout.Token) is true or 1L or 1;
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException or TimeoutException or IOException)
        {
            return false;
        }
    }

    private void ClearPool()
    {
        try
        {
            _database?.ClearPool();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException)
        {
            _log?.LogWarning("Dropping the journal's pooled connections failed: {Error}", e.GetType().Name);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            // The process-wide gauge no longer counts this node's journal.
            if (!_available) KmsMetrics.JournalBecameAvailable();
        }
    }
}
