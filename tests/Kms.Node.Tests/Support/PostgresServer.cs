using System.Diagnostics;
using Npgsql;

namespace Kms.Node.Tests.Support;

/// <summary>
/// A PostgreSQL server of the test's own, which it may stop, start and promote (the shared one that .ci/run
/// starts must never be stopped): initdb in a temporary directory, pg_ctl on a free loopback port, run as
/// the user <c>postgres</c> through <c>runuser</c> when the tests run as root (as in .ci/run).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _root;
    private readonly string[] _settings;
    private bool _running;

    private PostgresServer(string root, int port, string[] settings)
    {
        _root = root;
        Port = port;
        _settings = settings;
    }

    public int Port { get; }
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Why these servers cannot run here (the test is then skipped with it), or null.</summary>
    public static string? Unavailable =>
        !File.Exists(Path.Combine(BinDirectory, "pg_ctl")) ? $"PostgreSQL server binaries are not installed ({BinDirectory}); this test starts and stops a PostgreSQL of its own."
        : Environment.UserName is not ("root" or "postgres") ? "PostgreSQL test servers run as the user postgres: run the tests as root (as .ci/run does) or as postgres."
        : null;

    /// <summary>A new, empty server, started. <paramref name="settings"/> are <c>name=value</c> server settings.</summary>
    public static async Task<PostgresServer> Start(params string[] settings)
    {
        var server = new PostgresServer(NewRoot(), NodeFiles.FreePort(), settings);
        await Postgres("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await server.Start();
        return server;
    }

    /// <summary>
    /// A hot standby of <paramref name="primary"/>: a base backup streaming the primary's changes, read-only until
    /// <see cref="Promote"/>; what a managed PostgreSQL's failover replica is. Started.
    /// </summary>
    public static async Task<PostgresServer> StandbyOf(PostgresServer primary)
    {
        var standby = new PostgresServer(NewRoot(), NodeFiles.FreePort(), []);
        await Postgres("pg_basebackup", "-h", "127.0.0.1", "-p", primary.Port.ToString(), "-U", "postgres", "-D", standby.DataDirectory, "-R", "-X", "stream");
        await standby.Start();
        return standby;
    }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres";

    public async Task Start()
    {
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {DataDirectory}" + string.Concat(_settings.Select(s => $" -c {s}"));
        await Postgres("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", options, "start");
        _running = true;
    }

    /// <summary>Stops the server as an outage would: open connections are cut (<c>-m fast</c>).</summary>
    public async Task Stop()
    {
        await Postgres("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        _running = false;
    }

    /// <summary>Makes a standby the primary, as a failover does.</summary>
    public Task Promote() => Postgres("pg_ctl", "-D", DataDirectory, "-w", "-t", "60", "promote");

    /// <summary>Runs one SQL statement and returns its single value (a connection of its own, not pooled).</summary>
    public async Task<object?> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_running) await Stop();
        try
        {
            Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A directory the user postgres owns, inside one it may enter.</summary>
    private static string NewRoot()
    {
        var parent = Directory.CreateTempSubdirectory("kms-pg-").FullName;
        var root = Path.Combine(parent, "pg");
        if (Environment.UserName == "root")
        {
            Run("chmod", "711", parent).GetAwaiter().GetResult();
            Run("install", "-d", "-o", "postgres", "-g", "postgres", "-m", "700", root).GetAwaiter().GetResult();
        }
        else Directory.CreateDirectory(root);
        return root;
    }

    private static Task Postgres(string tool, params string[] arguments) =>
        Environment.UserName == "root"
            ? Run("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, tool), .. arguments])
            : Run(Path.Combine(BinDirectory, tool), arguments);

    private static async Task Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }
}
