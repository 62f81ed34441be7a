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
    private readonly ByteArrayLongSnapshotSerializer _serializer;
    private readonly JournalAvailability? _availability;
    private readonly JournalIntegrity _integrity;
    private readonly Akka.Serialization.Serialization _serialization;

    public KmsSqlSnapshotStore(Config snapshotConfig) : base(snapshotConfig)
    {
        var settings = new SnapshotConfig(snapshotConfig.WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        _reads = RecoveryReads.For(settings.ProviderName, settings.ConnectionString);
        _latestSql = RecoveryReads.LatestSnapshotSql(settings.TableConfig);
        _serializer = new ByteArrayLongSnapshotSerializer(Context.System.Serialization, settings);
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
            selected = _reads is null || !latest
                ? await base.LoadAsync(persistenceId, criteria, cancellationToken)
                : await _reads.LatestSnapshot(_latestSql, persistenceId, cancellationToken) is { } row ? _serializer.Deserialize(row).Get() : null;
        }
        catch (Exception e)
        {
            _availability?.ReportFailure(e);
            throw;
        }
        return selected is null ? null : new SelectedSnapshot(selected.Metadata,
            _integrity.Open(_serialization, JournalMac.Snapshot, selected.Metadata.PersistenceId, selected.Metadata.SequenceNr, selected.Snapshot));
    }
}
