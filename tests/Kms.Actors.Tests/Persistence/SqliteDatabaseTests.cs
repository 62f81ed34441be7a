using Kms.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace Kms.Actors.Tests.Persistence;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public void A_connection_made_to_wait_while_busy_reports_the_busy_timeout()
    {
        var directory = Directory.CreateTempSubdirectory("kms-sqlite-");
        try
        {
            var connectionString = Kms.Actors.Persistence.PersistenceSettings.ForSqliteFile(Path.Combine(directory.FullName, "kms.db")).ConnectionString;
            SqliteDatabase.Prepare(connectionString);
            using var connection = new SqliteConnection(connectionString);
            connection.Open();

            SqliteDatabase.WaitWhileBusy(connection);

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            Assert.Equal((long)SqliteDatabase.BusyTimeout.TotalMilliseconds, (long)command.ExecuteScalar()!);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
