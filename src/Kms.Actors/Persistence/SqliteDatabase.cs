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
}
