using Kms.Actors.MasterKey;
using Npgsql;

namespace Kms.Actors.Persistence;

/// <summary>The master key parameters in the cluster's shared PostgreSQL database (table <c>kms_master_key</c>).</summary>
public sealed class PostgresMasterKeyParameterStore(string connectionString) : IMasterKeyParameterStore
{
    public string? Read()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT parameters FROM kms_master_key WHERE id = 1", connection);
        return command.ExecuteScalar() as string;
    }

    public bool TryCreate(string parameters)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("INSERT INTO kms_master_key (id, parameters) VALUES (1, @p) ON CONFLICT (id) DO NOTHING", connection);
        command.Parameters.AddWithValue("p", parameters);
        return command.ExecuteNonQuery() == 1;
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS kms_master_key (id integer PRIMARY KEY, parameters text NOT NULL)", connection);
        try
        {
            create.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
            // Another node created the table (or its row type, 42710) at the same moment.
        }
        return connection;
    }
}
