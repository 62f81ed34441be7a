namespace Kms.Bench.Tests;

public sealed class BenchOptionsTests : IDisposable
{
    private readonly string _keyFile = Path.GetTempFileName();

    public void Dispose() => File.Delete(_keyFile);

    private BenchOptions Parse(params string[] args) => BenchOptions.Parse([.. args, "--auth-key-file", _keyFile, "--insecure"])!;

    [Fact]
    public void Repeated_urls_are_all_kept_in_order()
    {
        var options = Parse("--url", "https://localhost:8011", "--url=https://localhost:8012", "--url", "https://localhost:8013");

        Assert.Equal(["https://localhost:8011/", "https://localhost:8012/", "https://localhost:8013/"], options.Urls.Select(u => u.ToString()));
        Assert.Equal(3, options.Nodes);
    }

    [Fact]
    public void The_same_url_twice_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--url", "https://localhost:8011", "--url", "https://localhost:8011/"));

        Assert.Contains("given twice", error.Message);
    }

    [Fact]
    public void A_url_is_required()
    {
        var error = Assert.Throws<UsageException>(() => Parse());

        Assert.Equal("--url is required", error.Message);
    }

    [Fact]
    public void Repeated_server_pids_are_all_kept_and_count_as_the_nodes()
    {
        var options = Parse("--url", "https://localhost:8011", "--server-pid", Environment.ProcessId.ToString(), "--server-pid=1");

        Assert.Equal([Environment.ProcessId, 1], options.ServerPids);
        Assert.Equal(2, options.Nodes);
    }

    [Fact]
    public void The_same_server_pid_twice_is_refused()
    {
        var pid = Environment.ProcessId.ToString();

        var error = Assert.Throws<UsageException>(() => Parse("--url", "https://localhost:8011", "--server-pid", pid, "--server-pid", pid));

        Assert.Contains("given twice", error.Message);
    }

    [Fact]
    public void A_server_pid_that_is_no_process_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--url", "https://localhost:8011", "--server-pid", int.MaxValue.ToString()));

        Assert.Contains("no such process", error.Message);
    }

    [Fact]
    public void Without_options_the_steady_warm_up_is_on_with_defaults()
    {
        var options = Parse("--url", "https://localhost:8011");

        Assert.Equal(TimeSpan.FromSeconds(30), options.SteadyMax);
        Assert.Equal(0.05, options.SteadyWithin);
        Assert.Empty(options.ServerPids);
        Assert.Equal(1, options.Nodes);
    }

    [Fact]
    public void Steady_warm_up_options_are_read()
    {
        var options = Parse("--url", "https://localhost:8011", "--steady-max", "0", "--steady-within=10");

        Assert.Equal(TimeSpan.Zero, options.SteadyMax);
        Assert.Equal(0.10, options.SteadyWithin);
    }

    [Theory]
    [InlineData("--steady-within", "101")]
    [InlineData("--steady-within", "2.5")]
    [InlineData("--steady-max", "-1")]
    public void Steady_warm_up_options_out_of_range_are_refused(string name, string value)
    {
        var error = Assert.Throws<UsageException>(() => Parse("--url", "https://localhost:8011", name, value));

        Assert.StartsWith(name, error.Message);
    }

    [Fact]
    public void A_single_valued_option_given_again_takes_the_last_value_so_scripts_can_override_their_defaults()
    {
        var options = Parse("--url", "https://localhost:8011", "--duration", "10", "--duration=3", "--connections", "8");

        Assert.Equal(TimeSpan.FromSeconds(3), options.Duration);
        Assert.Equal(8, options.Connections);
    }

    [Fact]
    public void Help_is_null_and_a_stray_argument_or_unknown_option_is_refused()
    {
        Assert.Null(BenchOptions.Parse(["--help"]));
        Assert.Equal("unexpected argument 'extra' (try --help)", Assert.Throws<UsageException>(() => Parse("--url", "https://localhost:8011", "extra")).Message);
        Assert.Equal("unknown option '--bogus' (try --help)", Assert.Throws<UsageException>(() => Parse("--url", "https://localhost:8011", "--bogus")).Message);
    }
}
