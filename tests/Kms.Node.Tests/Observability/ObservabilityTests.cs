using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Kms.Actors;
using Kms.Gateway.Observability;
using Kms.Gateway.Operations;
using Kms.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kms.Node.Tests.Observability;

public class ObservabilityTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private readonly CapturingLoggerProvider _logs = new();
    private InProcessNode _node = null!;
    private GoKmsClient _client = null!;

    public async Task InitializeAsync()
    {
        _node = await InProcessNode.Start(new NodeFiles(_directory.Path), services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _client = _node.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_OpenAPI_description_is_served_without_authentication_and_lists_every_operation()
    {
        var response = await _client.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var operation in new OperationCatalog().All)
            Assert.Contains($"/api/v1/go-kms/{operation.Name.ToLowerInvariant()}", paths);
        Assert.NotNull(document["components"]!["schemas"]!["EncryptRequest"]!["properties"]!["Plaintext"]);
    }

    [Fact]
    public async Task Metrics_count_requests_by_operation_and_outcome_with_no_key_ids()
    {
        var keyId = await _client.CreateKey();
        await _client.Encrypt(keyId, [1]);
        await _client.Post("encrypt", new { KeyID = Guid.NewGuid().ToString(), Plaintext = "AQ==" });

        var response = await _client.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("kms_requests_total{operation=\"Encrypt\",outcome=\"ok\"}", text);
        Assert.Contains("kms_requests_total{operation=\"Encrypt\",outcome=\"NotFoundException\"}", text);
        Assert.Contains("kms_request_duration_seconds_bucket{operation=\"CreateKey\"", text);
        Assert.Contains("kms_active_key_actors", text);
        Assert.Contains("kms_journal_write_seconds_count", text);
        Assert.DoesNotContain(keyId, text);
    }

    [Fact]
    public async Task Every_Kms_instrument_is_exported_once_under_its_documented_name()
    {
        var keyId = await _client.CreateKey();
        await _client.Encrypt(keyId, [1]);
        var text = await (await _client.Http.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("\nkms_journal_available 1\n", text);
        Assert.Contains("kms_journal_write_seconds_bucket{le=\"0.0005\"}", text);
        Assert.Contains("kms_request_duration_seconds_bucket{operation=\"Encrypt\",le=\"0.0005\"}", text);
        Assert.Matches(@"\nkms_active_key_actors [1-9]", text);
        // One exporter: no second copy of an instrument under its meter's name.
        Assert.DoesNotContain("kms_actors_", text);
        Assert.DoesNotContain("kms_kms_", text);
    }

    [Fact]
    public async Task Every_Kms_metric_family_is_exported_as_its_Prometheus_type()
    {
        var keyId = await _client.CreateKey();
        await _client.Encrypt(keyId, [1]);
        await _client.Post("listkeys", new { }, (request, date, _) => request.Headers.TryAddWithoutValidation("x-kms-date", date));
        AuthenticationMetrics.PrincipalsReloadFailed();
        // A single node serves no leases: adding nothing makes their metrics appear without changing them.
        KmsMetrics.LeasedRequests.Add(0);
        KmsMetrics.LeasesHeld.Add(0);
        KmsMetrics.LeaseGrants.Add(0);
        KmsMetrics.LeaseRevocations.Add(0);

        var text = await (await _client.Http.GetAsync("/metrics")).Content.ReadAsStringAsync();
        var types = Regex.Matches(text, @"^# TYPE (kms_\S+) (\S+)$", RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(new SortedDictionary<string, string>
        {
            ["kms_active_key_actors"] = "gauge",
            ["kms_authentication_failures_total"] = "counter",
            ["kms_journal_available"] = "gauge",
            ["kms_journal_write_seconds"] = "histogram",
            ["kms_lease_grants_total"] = "counter",
            ["kms_lease_revocations_total"] = "counter",
            ["kms_leased_requests_total"] = "counter",
            ["kms_leases_held"] = "gauge",
            ["kms_principals_reload_failures_total"] = "counter",
            ["kms_request_duration_seconds"] = "histogram",
            ["kms_requests_total"] = "counter",
        }, new SortedDictionary<string, string>(types));
        Assert.Contains("\n# HELP kms_requests_total Requests by operation and outcome.\n", text);
    }

    /// <summary>
    /// An alert on <c>increase()</c> misses the first failure of a series that was not there before it. The counter is
    /// process-wide, so this can only fail while no other test in the process has made a reload fail yet (as when run alone).
    /// </summary>
    [Fact]
    public async Task The_principals_reload_failure_count_is_exported_before_any_failure()
    {
        var text = await (await _client.Http.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Matches(new Regex(@"^kms_principals_reload_failures_total \d+$", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Authentication_failures_are_counted()
    {
        await _client.Post("listkeys", new { }, (request, date, _) => request.Headers.TryAddWithoutValidation("x-kms-date", date));
        var text = await (await _client.Http.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("kms_authentication_failures_total{protocol=\"native\",type=\"MissingAuthenticationTokenException\"}", text);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_errors_included()
    {
        using var ok = new HttpRequestMessage(HttpMethod.Post, "/api/v1/go-kms/listkeys");
        var date = Gateway.Auth.KmsDate.Format(DateTimeOffset.UtcNow);
        _client.Sign(ok, date, "/api/v1/go-kms/listkeys");
        ok.Content = new StringContent("{}");
        var responses = new[]
        {
            await _client.Http.SendAsync(ok),
            await _client.Http.PostAsync("/api/v1/go-kms/listkeys", new StringContent("{}")),
            await _client.Http.GetAsync("/healthz/live"),
        };
        var ids = responses.Select(r => Assert.Single(r.Headers.GetValues("x-kms-request-id"))).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task One_log_line_per_request_names_the_operation_key_and_outcome_but_no_secret()
    {
        var keyId = await _client.CreateKey();
        var secret = "TOP-SECRET-PLAINTEXT-" + Guid.NewGuid();
        var blob = await _client.Encrypt(keyId, System.Text.Encoding.UTF8.GetBytes(secret));
        await _client.Decrypt(blob);

        var lines = _logs.Lines.ToList();
        var encrypt = Assert.Single(lines, l => l.Contains(" Encrypt ") && l.Contains(keyId));
        Assert.Contains("outcome=ok", encrypt);
        Assert.Contains("principal=default status=200", encrypt);
        Assert.Matches("request [0-9a-f]{32} ", encrypt);
        Assert.Contains(lines, l => l.Contains(" Decrypt ") && l.Contains(keyId));
        Assert.All(lines, l =>
        {
            Assert.DoesNotContain(secret, l);
            Assert.DoesNotContain(_node.Files.AuthKey, l);
            Assert.DoesNotContain(_node.Files.Passphrase, l);
            Assert.DoesNotContain(blob, l);
        });
    }

    [Fact]
    public async Task Newlines_in_key_ids_and_paths_cannot_forge_log_lines()
    {
        const string forged = "info: Kms.Gateway.Observability.RequestLoggingMiddleware[1] request forged";
        await _client.Post("encrypt", new { KeyID = "alias/x\n" + forged, Plaintext = "AQ==" });
        await _client.Post("describekey", new { KeyId = "alias/y\r\n" + forged });
        await _client.Http.PostAsync("/api/v1/go-kms/listkeys%0D%0A" + Uri.EscapeDataString(forged), new StringContent("{}"));
        await _client.Http.PostAsync("/api/v1/go-kms/%0A" + Uri.EscapeDataString(forged), new StringContent("{}"));

        var lines = _logs.Lines.Where(l => l.Contains("request forged")).ToList();
        Assert.True(lines.Count >= 3, "Each request with a forged line in it is logged: " + string.Join(" | ", lines));
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        Assert.All(lines, l => Assert.DoesNotContain('\r', l));
        Assert.Contains(lines, l => l.Contains(@"key=alias/x\n" + forged));
        Assert.Contains(lines, l => l.Contains(@"/listkeys\r\n" + forged));
    }
}
