using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kms.Actors.Persistence;

/// <summary>Tells whether the journal's database answers, for the readiness probe. Caches its answer briefly.</summary>
public sealed class JournalProbe(PersistenceSettings settings, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private (DateTimeOffset At, bool Reachable) _last;

    public async Task<bool> Reachable(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _last.At < CacheFor) return _last.Reachable;
        bool reachable;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using DbConnection connection = settings.Provider == PersistenceSettings.Postgres
                ? new NpgsqlConnection(settings.ConnectionString)
                : new SqliteConnection(settings.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            reachable = true;
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
        {
            reachable = false;
        }
        _last = (now, reachable);
        return reachable;
    }
}
