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
/// every node stopped), never automatic: a node seals nothing it did not write itself. Rows whose MAC fails
/// under every configured key are left as they are and reported.
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

    /// <summary>What the migration did: rows sealed, rows re-sealed, and rows refused (persistence id and sequence number).</summary>
    public sealed record Result(int EventsSealed, int SnapshotsSealed, IReadOnlyList<string> Refused);

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
    /// Whether the journal's oldest event has no MAC: a journal from before journal MACs that needs the migration.
    /// Reads one row by the primary key, so a node can ask at every start.
    /// </summary>
    public async Task<bool> IsNeeded(CancellationToken ct)
    {
        var j = _journal.EventJournalTable.ColumnNames;
        await using var connection = await _database.Open(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Quote(j.Identifier)}, {Quote(j.Manifest)} FROM {Table(_journal.SchemaName, _journal.EventJournalTable.Name)} " +
                              $"ORDER BY {Quote(j.Ordering)} LIMIT 1";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) && !JournalIntegrity.IsSealedRow(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        }
        catch (Exception e) when (IsMissingTable(e))
        {
            return false;
        }
    }

    public async Task<Result> Run(CancellationToken ct)
    {
        var refused = new List<string>();
        var events = await SealEvents(refused, ct);
        var snapshots = await SealSnapshots(refused, ct);
        return new Result(events, snapshots, refused);
    }

    private async Task<int> SealEvents(List<string> refused, CancellationToken ct)
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
                if (Reseal(JournalMac.Event, row.PersistenceId, row.SequenceNr, row.SerializerId, row.Manifest, row.Payload, refused) is not { } sealedRow) continue;
                await Update(connection, transaction, update, sealedRow, ct, ("@ordering", row.Ordering));
                sealedCount++;
            }
            await transaction.CommitAsync(ct);
        }
    }

    private async Task<int> SealSnapshots(List<string> refused, CancellationToken ct)
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
                if (Reseal(JournalMac.Snapshot, row.PersistenceId, row.SequenceNr, serializerId, row.Manifest, row.Payload, refused) is not { } sealedRow) continue;
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
        AddParameter(command, "@identifier", Serialization.KmsSerializer.Id);
        AddParameter(command, "@manifest", Serialization.KmsSerializer.SealedManifest);
        foreach (var (name, value) in keys) AddParameter(command, name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The row's new bytes: a bare payload sealed as it is, a payload sealed under another configured key sealed
    /// again under the primary one; null when the row is already sealed under the primary key, or refused.
    /// </summary>
    private byte[]? Reseal(string kind, string persistenceId, long sequenceNr, int serializerId, string manifest, byte[] payload, List<string> refused)
    {
        SealedPayload sealedPayload;
        if (!JournalIntegrity.IsSealedRow(serializerId, manifest))
        {
            sealedPayload = _integrity.Seal(kind, persistenceId, sequenceNr, serializerId, manifest, payload);
        }
        else
        {
            var existing = (SealedPayload)_serialization.Deserialize(payload, serializerId, manifest);
            switch (_integrity.Check(kind, persistenceId, sequenceNr, existing))
            {
                case true:
                    return null;
                case null:
                    refused.Add($"{kind} {sequenceNr} of {persistenceId}");
                    return null;
            }
            sealedPayload = _integrity.Seal(kind, persistenceId, sequenceNr, existing.SerializerId, existing.Manifest, existing.Payload);
        }
        return _serialization.FindSerializerFor(sealedPayload).ToBinary(sealedPayload);
    }
}
