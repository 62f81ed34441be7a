using System.Data.Common;
using Akka.Actor;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Kms.Actors.Crypto;
using static Kms.Actors.Persistence.PlainSql;

namespace Kms.Actors.Persistence;

/// <summary>
/// Seals the rows of a journal written before journal MACs (and re-seals rows sealed under another configured
/// master-key provider's key, after a move to an HSM) with the primary provider's journal MAC key, in place.
/// It trusts the rows it seals, so it is an operator's one-time step (<c>Kms.Node migrate-journal-mac</c>, with
/// every node stopped), never automatic: a node seals nothing it did not write itself. It seals bare rows only in
/// a journal where no row is sealed yet; a journal mixing sealed and bare rows is refused untouched. Rows whose
/// MAC fails under every configured key, and malformed sealed rows, are left as they are and reported.
/// </summary>
public sealed class JournalMacMigration
{
    private const int BatchSize = 500;

    private readonly PlainSqlDatabase _database;
    private readonly JournalTableConfig _journal;
    private readonly SnapshotTableConfiguration _snapshots;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly JournalIntegrity _integrity;

    private JournalMacMigration(PlainSqlDatabase database, JournalTableConfig journal, SnapshotTableConfiguration snapshots, ActorSystem system)
    {
        _database = database;
        _journal = journal;
        _snapshots = snapshots;
        _serialization = system.Serialization;
        _integrity = JournalIntegritySetup.Of(system);
    }

    /// <summary>
    /// What the migration did: rows sealed, rows re-sealed, and rows refused (persistence id and sequence number).
    /// <see cref="Tampered"/>: the journal mixes sealed and bare rows, so nothing was written (the bare rows are the refused ones).
    /// </summary>
    public sealed record Result(int EventsSealed, int SnapshotsSealed, IReadOnlyList<string> Refused)
    {
        public bool Tampered { get; init; }
    }

    /// <summary>At most this many bare rows of a mixed journal are listed.</summary>
    public const int ListedBareRows = 1000;

    /// <summary>The migration of the system's SQL journal and snapshot store (SQLite or PostgreSQL).</summary>
    public static JournalMacMigration For(ActorSystem system)
    {
        var journal = new JournalConfig(system.Settings.Config.GetConfig(KmsPersistenceHostingExtensions.JournalId).WithFallback(SqlPersistence.DefaultJournalConfiguration));
        var snapshots = new SnapshotConfig(system.Settings.Config.GetConfig("akka.persistence.snapshot-store.sql").WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        var database = PlainSqlDatabase.For(journal.ProviderName, journal.ConnectionString)
                       ?? throw new NotSupportedException("The journal MAC migration reads SQLite and PostgreSQL journals only.");
        return new(database, journal.TableConfig, snapshots.TableConfig, system);
    }

    /// <summary>
    /// The journal as the start-up check sees it. Reads the oldest event by the primary key; only when it is bare
    /// does it look further, for any sealed row: a journal with sealed rows was written by a version with journal
    /// MACs, so a bare row in it was put there by someone else (<see cref="JournalState.Mixed"/>), never migrated.
    /// </summary>
    public async Task<JournalState> State(CancellationToken ct)
    {
        var j = _journal.EventJournalTable.ColumnNames;
        await using var connection = await _database.Open(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Quote(j.Identifier)}, {Quote(j.Manifest)} FROM {Table(_journal.SchemaName, _journal.EventJournalTable.Name)} " +
                              $"ORDER BY {Quote(j.Ordering)} LIMIT 1";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct) || JournalIntegrity.IsSealedRow(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)))
                return JournalState.Sealed;
        }
        catch (Exception e) when (IsMissingTable(e))
        {
            return JournalState.Sealed;
        }
        return await AnySealed(connection, ct) ? JournalState.Mixed : JournalState.PreMac;
    }

    /// <summary>Whether the journal is one from before journal MACs that needs <see cref="Run"/> (a mixed one does not: it is refused).</summary>
    public async Task<bool> IsNeeded(CancellationToken ct) => await State(ct) == JournalState.PreMac;

    /// <summary>
    /// <c>migrate-journal-mac</c>: seals the bare rows of a journal from before journal MACs (no row sealed) and
    /// re-seals rows that verify under another configured key. A journal that mixes sealed and bare rows has been
    /// tampered with: nothing is written, and the bare rows are listed.
    /// </summary>
    public async Task<Result> Run(CancellationToken ct)
    {
        await using (var connection = await _database.Open(ct))
        {
            if (await AnySealed(connection, ct) && await BareRows(connection, ct) is { Count: > 0 } bare)
                return new Result(0, 0, bare) { Tampered = true };
        }
        return await Seal(sealBare: true, ct);
    }

    /// <summary>
    /// After <c>migrate-to-hsm</c>: re-seals under the primary key only rows that verify under another configured key
    /// (the software one); bare rows and rows that verify under no key are left as they are and reported.
    /// </summary>
    public Task<Result> Reseal(CancellationToken ct) => Seal(sealBare: false, ct);

    private async Task<Result> Seal(bool sealBare, CancellationToken ct)
    {
        var refused = new List<string>();
        var events = await SealEvents(sealBare, refused, ct);
        var snapshots = await SealSnapshots(sealBare, refused, ct);
        return new Result(events, snapshots, refused);
    }

    private string EventIsSealed => $"({Quote(_journal.EventJournalTable.ColumnNames.Identifier)} = @id AND " +
                                    $"COALESCE({Quote(_journal.EventJournalTable.ColumnNames.Manifest)}, '') = @manifest)";

    private string SnapshotIsSealed => $"(COALESCE({Quote(_snapshots.SnapshotTable.ColumnNames.SerializerId)}, -1) = @id AND " +
                                       $"COALESCE({Quote(_snapshots.SnapshotTable.ColumnNames.Manifest)}, '') = @manifest)";

    private string EventTable => Table(_journal.SchemaName, _journal.EventJournalTable.Name);

    private string SnapshotTable => Table(_snapshots.SchemaName, _snapshots.SnapshotTable.Name);

    private async Task<bool> AnySealed(DbConnection connection, CancellationToken ct) =>
        (await ReadRows(connection, $"SELECT 'event', '', 0 FROM {EventTable} WHERE {EventIsSealed} LIMIT 1", ct)).Count > 0
        || (await ReadRows(connection, $"SELECT 'snapshot', '', 0 FROM {SnapshotTable} WHERE {SnapshotIsSealed} LIMIT 1", ct)).Count > 0;

    /// <summary>The bare rows (events, then snapshots), at most <see cref="ListedBareRows"/>.</summary>
    private async Task<List<string>> BareRows(DbConnection connection, CancellationToken ct)
    {
        var (j, s) = (_journal.EventJournalTable.ColumnNames, _snapshots.SnapshotTable.ColumnNames);
        var rows = await ReadRows(connection, $"SELECT 'event', {Quote(j.PersistenceId)}, {Quote(j.SequenceNumber)} FROM {EventTable} " +
                                              $"WHERE NOT {EventIsSealed} ORDER BY {Quote(j.Ordering)} LIMIT {ListedBareRows}", ct);
        if (rows.Count < ListedBareRows)
            rows.AddRange(await ReadRows(connection, $"SELECT 'snapshot', {Quote(s.PersistenceId)}, {Quote(s.SequenceNumber)} FROM {SnapshotTable} " +
                                                     $"WHERE NOT {SnapshotIsSealed} ORDER BY {Quote(s.PersistenceId)}, {Quote(s.SequenceNumber)} " +
                                                     $"LIMIT {ListedBareRows - rows.Count}", ct));
        return rows;
    }

    /// <summary>Rows as "kind sequence-number of persistence-id"; none when the table does not exist yet.</summary>
    private static async Task<List<string>> ReadRows(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@id", JournalIntegrity.SealedSerializerId);
        AddParameter(command, "@manifest", JournalIntegrity.SealedManifest);
        var rows = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add($"{reader.GetString(0)} {reader.GetInt64(2)} of {reader.GetString(1)} (no journal MAC)");
        }
        catch (Exception e) when (IsMissingTable(e))
        {
        }
        return rows;
    }

    private async Task<int> SealEvents(bool sealBare, List<string> refused, CancellationToken ct)
    {
        var j = _journal.EventJournalTable.ColumnNames;
        var table = Table(_journal.SchemaName, _journal.EventJournalTable.Name);
        var select = $"SELECT {Quote(j.Ordering)}, {Quote(j.PersistenceId)}, {Quote(j.SequenceNumber)}, {Quote(j.Message)}, {Quote(j.Identifier)}, {Quote(j.Manifest)} " +
                     $"FROM {table} WHERE {Quote(j.Ordering)} > @after ORDER BY {Quote(j.Ordering)} LIMIT {BatchSize}";
        var update = $"UPDATE {table} SET {Quote(j.Message)} = @payload, {Quote(j.Identifier)} = @identifier, {Quote(j.Manifest)} = @manifest " +
                     $"WHERE {Quote(j.Ordering)} = @ordering";
        var sealedCount = 0;
        long after = 0;
        await using var connection = await _database.Open(ct);
        while (true)
        {
            var rows = new List<(long Ordering, string PersistenceId, long SequenceNr, byte[] Payload, int SerializerId, string Manifest)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = select;
                AddParameter(command, "@after", after);
                try
                {
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3), reader.GetInt32(4),
                            reader.IsDBNull(5) ? "" : reader.GetString(5)));
                }
                catch (Exception e) when (IsMissingTable(e))
                {
                    return 0;
                }
            }
            if (rows.Count == 0) return sealedCount;
            after = rows[^1].Ordering;
            await using var transaction = await connection.BeginTransactionAsync(ct);
            foreach (var row in rows)
            {
                if (SealedBytes(sealBare, JournalMac.Event, row.PersistenceId, row.SequenceNr, row.SerializerId, row.Manifest, row.Payload, refused) is not { } sealedRow) continue;
                await Update(connection, transaction, update, sealedRow, ct, ("@ordering", row.Ordering));
                sealedCount++;
            }
            await transaction.CommitAsync(ct);
        }
    }

    private async Task<int> SealSnapshots(bool sealBare, List<string> refused, CancellationToken ct)
    {
        var s = _snapshots.SnapshotTable.ColumnNames;
        var table = Table(_snapshots.SchemaName, _snapshots.SnapshotTable.Name);
        var (pid, seq) = (Quote(s.PersistenceId), Quote(s.SequenceNumber));
        var select = $"SELECT {pid}, {seq}, {Quote(s.Snapshot)}, {Quote(s.SerializerId)}, {Quote(s.Manifest)} FROM {table} " +
                     $"WHERE {pid} > @pid OR ({pid} = @pid AND {seq} > @seq) ORDER BY {pid}, {seq} LIMIT {BatchSize}";
        var update = $"UPDATE {table} SET {Quote(s.Snapshot)} = @payload, {Quote(s.SerializerId)} = @identifier, {Quote(s.Manifest)} = @manifest " +
                     $"WHERE {pid} = @pid AND {seq} = @seq";
        var sealedCount = 0;
        var (afterPid, afterSeq) = ("", -1L);
        await using var connection = await _database.Open(ct);
        while (true)
        {
            var rows = new List<(string PersistenceId, long SequenceNr, byte[] Payload, int? SerializerId, string Manifest)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = select;
                AddParameter(command, "@pid", afterPid);
                AddParameter(command, "@seq", afterSeq);
                try
                {
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                            reader.IsDBNull(4) ? "" : reader.GetString(4)));
                }
                catch (Exception e) when (IsMissingTable(e))
                {
                    return 0;
                }
            }
            if (rows.Count == 0) return sealedCount;
            (afterPid, afterSeq) = (rows[^1].PersistenceId, rows[^1].SequenceNr);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            foreach (var row in rows)
            {
                if (row.SerializerId is not { } serializerId)
                {
                    refused.Add($"snapshot {row.SequenceNr} of {row.PersistenceId} (no serializer id)");
                    continue;
                }
                if (SealedBytes(sealBare, JournalMac.Snapshot, row.PersistenceId, row.SequenceNr, serializerId, row.Manifest, row.Payload, refused) is not { } sealedRow) continue;
                await Update(connection, transaction, update, sealedRow, ct, ("@pid", row.PersistenceId), ("@seq", row.SequenceNr));
                sealedCount++;
            }
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Writes a row's sealed payload (<c>@payload</c>, with the sealed serializer and manifest) where the key parameters say.</summary>
    private static async Task Update(DbConnection connection, DbTransaction transaction, string sql, byte[] payload, CancellationToken ct,
        params (string Name, object Value)[] keys)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameter(command, "@payload", payload);
        AddParameter(command, "@identifier", JournalIntegrity.SealedSerializerId);
        AddParameter(command, "@manifest", JournalIntegrity.SealedManifest);
        foreach (var (name, value) in keys) AddParameter(command, name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The row's new bytes: a bare payload sealed as it is, a payload sealed under another configured key sealed
    /// again under the primary one; null when the row is already sealed under the primary key, or refused.
    /// </summary>
    private byte[]? SealedBytes(bool sealBare, string kind, string persistenceId, long sequenceNr, int serializerId, string manifest, byte[] payload,
        List<string> refused)
    {
        SealedPayload sealedPayload;
        if (!JournalIntegrity.IsSealedRow(serializerId, manifest))
        {
            if (!sealBare)
            {
                refused.Add($"{kind} {sequenceNr} of {persistenceId} (no journal MAC)");
                return null;
            }
            sealedPayload = _integrity.Seal(kind, persistenceId, sequenceNr, serializerId, manifest, payload);
        }
        else
        {
            // A malformed sealed row is reported and left as it is (the node refuses it on reading), never abandoning the run half-way.
            if (JournalIntegrity.ReadSealed(_serialization, payload) is not { } existing)
            {
                refused.Add($"{kind} {sequenceNr} of {persistenceId} (not a well-formed sealed payload)");
                return null;
            }
            switch (_integrity.Check(kind, persistenceId, sequenceNr, existing))
            {
                case true:
                    return null;
                case null:
                    refused.Add($"{kind} {sequenceNr} of {persistenceId} (its journal MAC does not match)");
                    return null;
            }
            sealedPayload = _integrity.Seal(kind, persistenceId, sequenceNr, existing.SerializerId, existing.Manifest, existing.Payload);
        }
        return _serialization.FindSerializerFor(sealedPayload).ToBinary(sealedPayload);
    }
}
