namespace Kms.Actors.Persistence;

/// <summary>Table and column names as the plain-SQL reads write them (SQLite and PostgreSQL both take double quotes).</summary>
internal static class SqlIdentifiers
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>A table name, with its schema when the plugin's table mapping names one.</summary>
    public static string Table(string? schema, string name) => schema is null ? Quote(name) : $"{Quote(schema)}.{Quote(name)}";
}
