using Kms.Actors.MasterKey;
using Kms.Actors.Persistence;
using Npgsql;

namespace Kms.Actors.Tests.Persistence;

/// <summary>
/// The cluster's master key parameters in PostgreSQL: nodes starting at once on an empty database agree on one
/// set (the first stored wins, the others derive from it), and a wrong passphrase is refused without a write.
/// </summary>
public sealed class PostgresMasterKeyParameterStoreTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple";
    private readonly string _database = "kms_master_" + Guid.NewGuid().ToString("N")[..12];
    private static string Server => Environment.GetEnvironmentVariable("KMS_TEST_PG") ?? "";

    private string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = _database, Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        if (Server.Length > 0) await Execute(Server, $"CREATE DATABASE {_database}");
    }

    public async Task DisposeAsync()
    {
        if (Server.Length > 0) await Execute(Server, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [PostgresFact]
    public async Task Three_nodes_starting_at_once_on_an_empty_database_derive_the_same_master_key_and_a_wrong_passphrase_writes_nothing()
    {
        using var start = new Barrier(3);
        var keys = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var store = new PostgresMasterKeyParameterStore(ConnectionString);
            start.SignalAndWait();
            return MasterKeyParameters.DeriveOrCreate(store, Passphrase);
        })));

        Assert.Equal(Convert.ToHexString(keys[0]), Convert.ToHexString(keys[1]));
        Assert.Equal(Convert.ToHexString(keys[0]), Convert.ToHexString(keys[2]));
        var stored = await Scalar("SELECT parameters FROM kms_master_key");
        Assert.Equal(1L, await Scalar("SELECT count(*) FROM kms_master_key"));

        var later = new PostgresMasterKeyParameterStore(ConnectionString);
        Assert.Throws<WrongPassphraseException>(() => MasterKeyParameters.DeriveOrCreate(later, "a passphrase of another cluster"));
        Assert.Equal(stored, await Scalar("SELECT parameters FROM kms_master_key"));
        Assert.Equal(Convert.ToHexString(keys[0]), Convert.ToHexString(MasterKeyParameters.DeriveOrCreate(later, Passphrase)));
    }

    private async Task<object?> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
