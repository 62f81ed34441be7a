using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;
using Kms.Actors.Crypto;

namespace Kms.Actors.Persistence;

/// <summary>
/// Akka.Persistence.Sql's journal, with the read every recovery makes (the highest sequence number of the
/// recovering key) through <see cref="RecoveryReads"/>. Like the plugin, the read first waits for a write
/// of the same persistence id that is still in flight. Every event is written sealed with its journal MAC and
/// opened on replay (<see cref="JournalIntegrity"/>): a row that fails the check is replayed as a
/// <see cref="JournalRowRejected"/>. Deletes are the plugin's own, followed by <see cref="KeptRowPurge"/>, so
/// that no deleted row is left behind below a newer one. Failed writes and reads are reported to the node's
/// <see cref="JournalAvailability"/>.
/// </summary>
public sealed class KmsSqlWriteJournal : SqlWriteJournal
{
    private readonly RecoveryReads? _reads;
    private readonly KeptRowPurge? _purge;
    private readonly string _highestSql;
    private readonly Dictionary<string, Task> _writesInFlight = new();
    private readonly JournalAvailability? _availability;
    private readonly JournalIntegrity _integrity;
    private readonly Akka.Serialization.Serialization _serialization;

    public KmsSqlWriteJournal(Config journalConfig) : base(journalConfig)
    {
        var settings = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        // In the compatibility mode the highest sequence number also comes from a metadata table: the plugin's read.
        _reads = settings.DaoConfig.SqlCommonCompatibilityMode ? null : RecoveryReads.For(settings.ProviderName, settings.ConnectionString);
        _highestSql = RecoveryReads.HighestSequenceNrSql(settings.TableConfig);
        // The compatibility mode's metadata table keeps the highest sequence number itself; it is left to the plugin.
        _purge = settings.DaoConfig.SqlCommonCompatibilityMode ? null : KeptRowPurge.For(settings.ProviderName, settings.ConnectionString, settings.TableConfig);
        _availability = JournalAvailabilitySetup.Of(Context.System);
        _integrity = JournalIntegritySetup.Of(Context.System);
        _serialization = Context.System.Serialization;
    }

    protected override async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        await base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
        if (_purge is not null) await _purge.Purge(persistenceId, toSequenceNr, cancellationToken);
    }

    /// <summary>
    /// Replays opened rows. A key's or alias's rows are numbered without gaps (deletion removes a prefix), so a row
    /// missing between two replayed ones, deleted or flagged deleted with a database login, is refused too: each row
    /// carries its own MAC, and dropping one in the middle would silently undo a change such as a DisableKey.
    /// </summary>
    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        // After a snapshot, replay starts right after it, so the first row must be the next one as well.
        var previous = fromSequenceNr > 1 ? fromSequenceNr - 1 : (long?)null;
        return base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, replayed =>
        {
            var opened = previous is { } before && replayed.SequenceNr != before + 1
                ? new JournalRowRejected(JournalMac.Event, replayed.PersistenceId, replayed.SequenceNr,
                    $"the rows between sequence numbers {before} and {replayed.SequenceNr} are missing")
                : _integrity.Open(_serialization, JournalMac.Event, replayed.PersistenceId, replayed.SequenceNr, replayed.Payload);
            previous = replayed.SequenceNr;
            recoveryCallback(replayed.WithPayload(opened));
        });
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        if (_reads is null) return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        if (_writesInFlight.TryGetValue(persistenceId, out var write))
            await write.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            // The highest of all the key's events: at least what the plugin's read from fromSequenceNr finds, and
            // the same once recovery takes the larger of it and the snapshot's sequence number.
            return await _reads.HighestSequenceNr(_highestSql, persistenceId, cancellationToken);
        }
        catch (Exception e)
        {
            _availability?.ReportFailure(e);
            throw;
        }
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken = default)
    {
        var writes = messages.Select(Seal).ToList();
        var task = base.WriteMessagesAsync(writes, cancellationToken);
        if (_availability is { } availability)
            task.ContinueWith(static (done, state) => ((JournalAvailability)state!).ReportFailure(FailureOf(done)), availability,
                CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (_reads is null) return task;
        var self = Self;
        foreach (var persistenceId in writes.Select(w => w.PersistenceId).Distinct())
        {
            _writesInFlight[persistenceId] = task;
            task.ContinueWith(done => self.Tell(new WriteDone(persistenceId, done)), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return task;
    }

    /// <summary>The write with every payload sealed; tags stay outside the seal, where the plugin reads them.</summary>
    private AtomicWrite Seal(AtomicWrite write) =>
        new(((IImmutableList<IPersistentRepresentation>)write.Payload).Select(p => p.WithPayload(p.Payload switch
        {
            Tagged tagged => new Tagged(Seal(p, tagged.Payload), tagged.Tags),
            var payload => Seal(p, payload),
        })).ToImmutableList());

    private SealedPayload Seal(IPersistentRepresentation p, object payload) =>
        _integrity.Seal(_serialization, JournalMac.Event, p.PersistenceId, p.SequenceNr, payload);

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not WriteDone done) return base.ReceivePluginInternal(message);
        if (_writesInFlight.TryGetValue(done.PersistenceId, out var latest) && latest == done.Write) _writesInFlight.Remove(done.PersistenceId);
        return true;
    }

    /// <summary>A write that failed, or was cancelled because it outlasted the circuit breaker's call timeout.</summary>
    private static Exception FailureOf(Task write) =>
        write.Exception?.GetBaseException() ?? new TimeoutException("The journal write did not finish in time.");

    private sealed record WriteDone(string PersistenceId, Task Write);
}
