using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Snapshot;
using Kms.Actors.Crypto;

namespace Kms.Actors.Persistence;

/// <summary>
/// Akka.Persistence.Sql's snapshot store, with the load every recovery makes (the latest snapshot) read
/// through <see cref="RecoveryReads"/>; every other load, save and delete is the plugin's own. Snapshots are
/// saved sealed with their journal MAC and opened when loaded (<see cref="JournalIntegrity"/>): one that fails the
/// check is offered as a <see cref="JournalRowRejected"/>. A failed load (the first read of a waking key) is
/// reported to the node's <see cref="JournalAvailability"/>.
/// </summary>
public sealed class KmsSqlSnapshotStore : SqlSnapshotStore
{
    private readonly RecoveryReads? _reads;
    private readonly string _latestSql;
    private readonly JournalAvailability? _availability;
    private readonly JournalIntegrity _integrity;
    private readonly Akka.Serialization.Serialization _serialization;

    public KmsSqlSnapshotStore(Config snapshotConfig) : base(snapshotConfig)
    {
        var settings = new SnapshotConfig(snapshotConfig.WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        _reads = RecoveryReads.For(settings.ProviderName, settings.ConnectionString);
        _latestSql = RecoveryReads.LatestSnapshotSql(settings.TableConfig);
        _availability = JournalAvailabilitySetup.Of(Context.System);
        _integrity = JournalIntegritySetup.Of(Context.System);
        _serialization = Context.System.Serialization;
    }

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default) =>
        base.SaveAsync(metadata, _integrity.Seal(_serialization, JournalMac.Snapshot, metadata.PersistenceId, metadata.SequenceNr, snapshot),
            cancellationToken);

    protected override async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        var latest = criteria.MaxSequenceNr == long.MaxValue && criteria.MaxTimeStamp == DateTime.MaxValue;
        SelectedSnapshot? selected;
        try
        {
            if (_reads is null || !latest)
                selected = await base.LoadAsync(persistenceId, criteria, cancellationToken);
            else
                return await _reads.LatestSnapshot(_latestSql, persistenceId, cancellationToken) is { } row ? Open(row) : null;
        }
        catch (Exception e)
        {
            _availability?.ReportFailure(e);
            throw;
        }
        return selected is null ? null : new SelectedSnapshot(selected.Metadata,
            _integrity.Open(_serialization, JournalMac.Snapshot, selected.Metadata.PersistenceId, selected.Metadata.SequenceNr, selected.Snapshot));
    }

    /// <summary>
    /// The latest snapshot, opened from its bytes: a row not written as Kms's sealed payload is refused before any
    /// serializer it names reads it, and a malformed one is refused rather than failing the load.
    /// </summary>
    private SelectedSnapshot Open(LongSnapshotRow row) =>
        new(new SnapshotMetadata(row.PersistenceId, row.SequenceNumber, new DateTime(row.Created)),
            _integrity.Open(_serialization, JournalMac.Snapshot, row.PersistenceId, row.SequenceNumber, row.SerializerId ?? -1, row.Manifest, row.Payload));
}
