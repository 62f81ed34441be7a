using Kms.Node.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kms.Node.Tests.Configuration;

public sealed class NodeOptionsTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly NodeFiles _files;

    public NodeOptionsTests() => _files = new NodeFiles(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private IConfiguration Configuration(Dictionary<string, string?> extra)
    {
        var values = _files.Settings(8011);
        foreach (var (key, value) in extra) values[key] = value;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public void The_go_kms_variables_and_the_Kms_section_bind_to_one_options_object()
    {
        using var services = new ServiceCollection()
            .AddNodeOptions(Configuration(new() { ["Kms:Keys:ReleaseMemoryAfter"] = "7", ["Kms:Cluster:Tls:CertificatePassword"] = "pw" }), dev: null)
            .Services.BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<NodeOptions>>().Value;
        Assert.Equal(_files.AuthKeyPath, options.AuthKeyPath);
        Assert.Equal("8011", options.Port);
        Assert.Equal(7, options.Kms.Keys.ReleaseMemoryAfter);
        Assert.Equal("pw", options.Kms.Cluster.Tls.CertificatePassword);
    }

    [Fact]
    public void The_host_validates_the_options_when_it_starts_and_reports_every_validator_s_problems_together()
    {
        using var services = new ServiceCollection()
            .AddNodeOptions(Configuration(new() { ["GOKMS_PORT"] = "eighty", ["Kms:Persistence:Provider"] = "mysql" }), dev: null)
            .Services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.StartsWith("GOKMS_PORT"));
        Assert.Contains(error.Failures, f => f.StartsWith("Kms__Persistence__Provider"));
    }

    [Fact]
    public void A_missing_data_directory_is_reported_with_the_other_problems()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() =>
            NodeSettings.Load(Configuration(new() { ["GOKMS_KSMC_PATH"] = null, ["GOKMS_SSL_CERT"] = "" }), dev: null));
        Assert.Contains("GOKMS_KSMC_PATH is not set.", error.Problems);
        Assert.Contains("GOKMS_SSL_CERT is not set.", error.Problems);
    }

    [Fact]
    public void A_setting_that_is_not_of_its_type_is_a_configuration_problem_that_names_it()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() =>
            NodeSettings.Load(Configuration(new() { ["Kms:Api:MaxBodyBytes"] = "lots" }), dev: null));
        var problem = Assert.Single(error.Problems);
        Assert.Contains("Kms__Api__MaxBodyBytes", problem);
        Assert.DoesNotContain("lots", problem);
    }

    [Fact]
    public void Development_mode_fills_in_only_what_is_not_set()
    {
        var dev = DevEnvironment.Prepare(Path.Combine(_directory.Path, ".kms-dev"));
        var settings = NodeSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GOKMS_KSMC_PASSPHRASE"] = "a passphrase of my own",
        }).Build(), dev);
        Assert.Equal("a passphrase of my own", settings.Passphrase);
        Assert.Equal(dev.AuthKeyPath, settings.AuthKeyPath);
        Assert.Equal(dev.DataDirectory, settings.DataDirectory);
        Assert.True(settings.DevMode);
    }
}
