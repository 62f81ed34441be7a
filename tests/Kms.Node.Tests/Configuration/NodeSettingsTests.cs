using Kms.Node.Configuration;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Kms.Node.Tests.Configuration;

public class NodeSettingsTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly NodeFiles _files;

    public NodeSettingsTests() => _files = new NodeFiles(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private NodeSettings Load(Dictionary<string, string?> extra)
    {
        var values = _files.Settings(8011);
        foreach (var (key, value) in extra) values[key] = value;
        return NodeSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), dev: null);
    }

    private static readonly Dictionary<string, string?> TwoSeeds = new()
    {
        ["Kms:Cluster:SeedNodes:0"] = "akka.tcp://kms@10.0.0.5:4053",
        ["Kms:Cluster:SeedNodes:1"] = "akka.tcp://kms@10.0.0.6:4053",
    };

    [Fact]
    public void The_go_kms_variables_keep_their_meaning_and_the_defaults_are_one_node_on_SQLite()
    {
        var settings = Load([]);
        Assert.Equal("127.0.0.1", settings.Host);
        Assert.Equal(8011, settings.Port);
        Assert.Equal("sqlite", settings.Persistence.Provider);
        Assert.False(settings.IsMultiNode);
        Assert.Null(settings.Hsm);
    }

    [Fact]
    public void Memory_of_passivated_keys_is_released_after_ten_thousand_unless_set_otherwise()
    {
        Assert.Equal(10_000, Load([]).ReleaseMemoryAfterKeys);
        Assert.Equal(0, Load(new() { ["Kms:Keys:ReleaseMemoryAfter"] = "0" }).ReleaseMemoryAfterKeys);
    }

    [Fact]
    public void The_warm_up_lasts_at_most_ten_seconds_unless_set_otherwise_or_turned_off()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), NodeSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(
            _files.Settings(8011).Where(s => s.Key != "Kms:WarmUp:MaxDuration")).Build(), dev: null).WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(30), Load(new() { ["Kms:WarmUp:MaxDuration"] = "00:00:30" }).WarmUp);
        Assert.Equal(TimeSpan.Zero, Load(new() { ["Kms:WarmUp:Enabled"] = "false" }).WarmUp);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:01:01")]
    public void A_warm_up_that_would_not_end_soon_refuses_to_start(string duration)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(new() { ["Kms:WarmUp:MaxDuration"] = duration }));
        Assert.Contains(error.Problems, p => p.Contains("Kms__WarmUp__MaxDuration"));
    }

    [Fact]
    public void A_multi_node_cluster_on_SQLite_refuses_to_start()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(new(TwoSeeds) { ["Kms:Cluster:AllowPlaintextRemoting"] = "true" }));
        Assert.Contains(error.Problems, p => p.Contains("Kms__Persistence__Provider=postgres"));
    }

    [Fact]
    public void A_cluster_without_remoting_TLS_refuses_to_start_unless_plaintext_is_allowed_out_loud()
    {
        var postgres = new Dictionary<string, string?>(TwoSeeds)
        {
            ["Kms:Persistence:Provider"] = "postgres",
            ["Kms:Persistence:ConnectionString"] = "Host=db;Database=kms",
        };
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(postgres));
        Assert.Contains(error.Problems, p => p.Contains("Kms__Cluster__Tls__CertificatePath"));
        Assert.True(Load(new(postgres) { ["Kms:Cluster:AllowPlaintextRemoting"] = "true" }).IsMultiNode);
    }

    private NpgsqlConnectionStringBuilder PostgresJournal(string connectionString) =>
        new(Load(new() { ["Kms:Persistence:Provider"] = "postgres", ["Kms:Persistence:ConnectionString"] = connectionString })
            .Persistence.ConnectionString);

    [Fact]
    public void A_node_opens_at_most_twenty_PostgreSQL_connections_unless_its_connection_string_says_otherwise()
    {
        var defaulted = PostgresJournal("Host=db;Database=kms;Username=kms;Password=s3cret;Timeout=7");
        Assert.Equal(20, defaulted.MaxPoolSize);
        Assert.Equal(("db", "kms", "kms", "s3cret", 7), (defaulted.Host, defaulted.Database, defaulted.Username, defaulted.Password, defaulted.Timeout));

        Assert.Equal(100, PostgresJournal("Host=db;Maximum Pool Size=100").MaxPoolSize);
        Assert.Equal(5, PostgresJournal("Host=db;MaxPoolSize=5").MaxPoolSize);
        Assert.Equal(50, PostgresJournal("Host=db;maximum pool size=50").MaxPoolSize);
    }

    [Fact]
    public void A_node_rechecks_the_hosts_of_a_multi_host_connection_string_every_second_unless_told_otherwise()
    {
        var failover = PostgresJournal("Host=db1:5432,db2:5432;Database=kms;Target Session Attributes=primary");
        Assert.Equal(1, failover.HostRecheckSeconds);
        Assert.Equal("db1:5432,db2:5432", failover.Host);
        Assert.Equal(30, PostgresJournal("Host=db1,db2;Host Recheck Seconds=30").HostRecheckSeconds);
    }

    [Fact]
    public void A_PostgreSQL_connection_string_Npgsql_cannot_read_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(new()
        {
            ["Kms:Persistence:Provider"] = "postgres",
            ["Kms:Persistence:ConnectionString"] = "Host=db;Password=hunter2;Pasword=hunter3",
        }));
        Assert.Contains(error.Problems, p => p.Contains("Kms__Persistence__ConnectionString is not a PostgreSQL connection string"));
        Assert.DoesNotContain("hunter", error.Message);
        Assert.DoesNotContain(error.Problems, p => p.Contains("asword"));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_no_secret_is_echoed()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(new()
        {
            ["GOKMS_KSMC_PASSPHRASE"] = "short-pw",
            ["GOKMS_PORT"] = "eighty",
            ["GOKMS_CRYPTO_PROVIDER"] = "rot13",
        }));
        Assert.Equal(3, error.Problems.Count);
        Assert.DoesNotContain("short-pw", error.Message);
    }

    [Fact]
    public void HSM_mode_needs_no_passphrase_but_names_its_missing_settings()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(new() { ["GOKMS_CRYPTO_PROVIDER"] = "hsm", ["GOKMS_KSMC_PASSPHRASE"] = "" }));
        Assert.Contains(error.Problems, p => p.StartsWith("GOKMS_HSM_LIB"));
        Assert.Contains(error.Problems, p => p.StartsWith("GOKMS_HSM_AES_KEYID"));
        Assert.DoesNotContain(error.Problems, p => p.Contains("PASSPHRASE"));
    }

    [Fact]
    public void An_auth_key_file_readable_by_others_is_refused_without_echoing_the_key()
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(_files.AuthKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var error = Assert.Throws<InvalidConfigurationException>(() => Load([]));
        Assert.Contains(error.Problems, p => p.StartsWith("GOKMS_AUTH_KEY") && p.Contains("group or others"));
        Assert.DoesNotContain(_files.AuthKey, error.Message);
    }

    [Fact]
    public void A_TLS_key_readable_by_its_group_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(_files.CertificateKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var error = Assert.Throws<InvalidConfigurationException>(() => Load([]));
        Assert.Contains(error.Problems, p => p.StartsWith("GOKMS_SSL_KEY") && p.Contains("group or others"));

        // Kubernetes with fsGroup makes secret files 0440: allowed when said so, but never readable by others.
        Assert.False(Load(new() { ["Kms:Auth:AllowGroupReadableSecretFiles"] = "true" }).DevMode);
        File.SetUnixFileMode(_files.CertificateKeyPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Throws<InvalidConfigurationException>(() => Load(new() { ["Kms:Auth:AllowGroupReadableSecretFiles"] = "true" }));
    }

    [Fact]
    public void An_existing_SQLite_data_directory_that_group_or_others_may_enter_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(_files.DataDirectory, owner | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var error = Assert.Throws<InvalidConfigurationException>(() => Load([]));
        Assert.Contains(error.Problems, p => p.StartsWith("GOKMS_KSMC_PATH") && p.Contains("group or others") && p.Contains("chmod 700"));

        // Entering without listing is enough to open kms.db by its known name.
        File.SetUnixFileMode(_files.DataDirectory, owner | UnixFileMode.GroupExecute);
        Assert.Throws<InvalidConfigurationException>(() => Load([]));

        File.SetUnixFileMode(_files.DataDirectory, owner);
        Assert.Equal("sqlite", Load([]).Persistence.Provider);
    }

    [Fact]
    public void A_data_directory_shared_with_its_group_is_allowed_only_with_the_Kubernetes_escape_hatch_and_never_with_others()
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        Directory.CreateDirectory(_files.DataDirectory, owner | group);
        Assert.Throws<InvalidConfigurationException>(() => Load([]));
        Assert.False(Load(new() { ["Kms:Auth:AllowGroupReadableSecretFiles"] = "true" }).DevMode);

        File.SetUnixFileMode(_files.DataDirectory, owner | group | UnixFileMode.OtherRead);
        Assert.Throws<InvalidConfigurationException>(() => Load(new() { ["Kms:Auth:AllowGroupReadableSecretFiles"] = "true" }));
    }

    [Fact]
    public void The_data_directory_is_not_checked_with_PostgreSQL_which_keeps_nothing_in_it()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(_files.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var settings = Load(new() { ["Kms:Persistence:Provider"] = "postgres", ["Kms:Persistence:ConnectionString"] = "Host=127.0.0.1;Database=kms" });
        Assert.Equal("postgres", settings.Persistence.Provider);
    }

    [Fact]
    public void A_shared_key_shorter_than_16_bytes_is_refused_without_echoing_it()
    {
        NodeFiles.WriteOwnerOnly(_files.AuthKeyPath, "tooshort-15byte\n");
        var error = Assert.Throws<InvalidConfigurationException>(() => Load([]));
        Assert.Contains(error.Problems, p => p.StartsWith("GOKMS_AUTH_KEY") && p.Contains("shorter than 16 bytes"));
        Assert.DoesNotContain("tooshort", error.Message);

        NodeFiles.WriteOwnerOnly(_files.AuthKeyPath, "exactly-16-bytes\n");
        Assert.Equal("exactly-16-bytes"u8.ToArray(), Load([]).ReadAuthKey());
    }
}
