namespace Kms.Actors.Persistence;

/// <summary>Table and column names as the plain-SQL reads write them (SQLite and PostgreSQL both take double quotes).</summary>
internal static class SqlIdentifiers
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
