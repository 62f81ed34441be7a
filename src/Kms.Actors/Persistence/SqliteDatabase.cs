using Microsoft.Data.Sqlite;

namespace Kms.Actors.Persistence;

/// <summary>Prepares the embedded SQLite database before the journal opens it.</summary>
public static class SqliteDatabase
{
    /// <summary>Creates the file if needed and switches it to WAL mode (the mode is stored in the file).</summary>
    public static void Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>How long a connection lets SQLite wait for another connection's write lock before it reports busy.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Run on every connection the persistence plugins open: SQLite then retries a busy lock itself, after
    /// 1, 2, 5, 10… ms, instead of returning at once to Microsoft.Data.Sqlite, which sleeps 150 ms per retry.
    /// </summary>
    /// <remarks>
    /// A direct call on the connection's handle (what <c>PRAGMA busy_timeout</c> does), so that a pooled
    /// connection pays no SQL statement for it each time the plugins take it from the pool.
    /// </remarks>
    public static void WaitWhileBusy(System.Data.Common.DbConnection connection)
    {
        var rc = SQLitePCL.raw.sqlite3_busy_timeout(((SqliteConnection)connection).Handle, (int)BusyTimeout.TotalMilliseconds);
        if (rc != SQLitePCL.raw.SQLITE_OK) throw new SqliteException($"Could not set the SQLite busy timeout (error {rc}).", rc);
    }
}
