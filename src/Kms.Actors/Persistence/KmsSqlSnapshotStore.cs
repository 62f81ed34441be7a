using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Snapshot;

namespace Kms.Actors.Persistence;

/// <summary>
/// Akka.Persistence.Sql's snapshot store, with the load every recovery makes (the latest snapshot) read
/// through <see cref="RecoveryReads"/>; every other load, save and delete is the plugin's own. A failed load
/// (the first read of a waking key) is reported to the node's <see cref="JournalAvailability"/>.
/// </summary>
public sealed class KmsSqlSnapshotStore : SqlSnapshotStore
{
    private readonly RecoveryReads? _reads;
    private readonly string _latestSql;
    private readonly ByteArrayLongSnapshotSerializer _serializer;
    private readonly JournalAvailability? _availability;

    public KmsSqlSnapshotStore(Config snapshotConfig) : base(snapshotConfig)
    {
        var settings = new SnapshotConfig(snapshotConfig.WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        _reads = RecoveryReads.For(settings.ProviderName, settings.ConnectionString);
        _latestSql = RecoveryReads.LatestSnapshotSql(settings.TableConfig);
        _serializer = new ByteArrayLongSnapshotSerializer(Context.System.Serialization, settings);
        _availability = JournalAvailabilitySetup.Of(Context.System);
    }

    protected override async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        var latest = criteria.MaxSequenceNr == long.MaxValue && criteria.MaxTimeStamp == DateTime.MaxValue;
        LongSnapshotRow? row;
        try
        {
            if (_reads is null || !latest) return await base.LoadAsync(persistenceId, criteria, cancellationToken);
            row = await _reads.LatestSnapshot(_latestSql, persistenceId, cancellationToken);
        }
        catch (Exception e)
        {
            _availability?.ReportFailure(e);
            throw;
        }
        return row is null ? null : _serializer.Deserialize(row).Get();
    }
}
