using Akka.Actor;
using Akka.Event;
using Microsoft.Data.Sqlite;

namespace Kms.Actors.Persistence;

/// <summary>
/// Completes crypto-shredding on the embedded SQLite journal. Deleted rows stay in SQLite's free pages
/// and in its write-ahead log until they are reused, so once a destroyed key's events are deleted this
/// rewrites the database (VACUUM) and truncates the log, leaving no copy of the key's wrapped material
/// in any file of the data directory.
/// </summary>
public sealed class SqliteCompactionActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SqliteCompactionActor(string connectionString)
    {
        Context.System.EventStream.Subscribe<KeyShredded>(Self);
        Receive<KeyShredded>(shredded =>
        {
            try
            {
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
                _log.Info("Compacted the journal after destroying key {0}.", shredded.KeyId);
            }
            catch (SqliteException e)
            {
                _log.Error("Compacting the journal after destroying key {0} failed: {1}", shredded.KeyId, e.Message);
            }
        });
    }

    public static Props Props(string connectionString) =>
        Akka.Actor.Props.Create(() => new SqliteCompactionActor(connectionString)).WithDispatcher(MasterKey.MasterKeyActor.DispatcherId);
}
