using Kms.Gateway.Auth;
using Kms.Gateway.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kms.Gateway.Tests.Auth;

public sealed class PrincipalStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kms-principals-");

    private string PrincipalsPath => Path.Combine(_directory.FullName, "principals.json");

    public void Dispose() => _directory.Delete(recursive: true);

    private void WritePrincipals(string json, DateTime written)
    {
        File.WriteAllText(PrincipalsPath, json);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(PrincipalsPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(PrincipalsPath, written);
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
        }
    }

    [Fact]
    public void A_store_loaded_without_a_log_logs_its_reloads_to_the_log_it_is_given_later()
    {
        var started = DateTime.UtcNow.AddMinutes(-10);
        WritePrincipals("""{"principals": [{"name": "app", "role": "crypto", "accessKeyId": "AKIDONE", "secretAccessKey": "first-secret-0123456789"}]}""", started);
        using var store = PrincipalStore.FromFile(PrincipalsPath, log: null, pollInterval: Timeout.InfiniteTimeSpan);
        var log = new CapturingLogger();

        WritePrincipals("""{"principals": [{"name": "app", "role": "crypto", "accessKeyId": "AKIDTWO", "secretAccessKey": "second-secret-0123456789"}]}""", started.AddMinutes(1));
        store.Reload();
        Assert.NotNull(store.ByAccessKeyId("AKIDTWO"));

        store.LogTo(log);
        WritePrincipals("""{"principals": [""", started.AddMinutes(2));
        store.Reload();

        Assert.NotNull(store.ByAccessKeyId("AKIDTWO"));
        var (level, message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains(PrincipalsPath, message);
        Assert.DoesNotContain("second-secret-0123456789", message);
    }

    [Fact]
    public void A_file_that_stays_unusable_is_logged_and_counted_every_minute_and_picked_up_once_fixed_even_by_chmod()
    {
        if (OperatingSystem.IsWindows()) return;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var written = DateTime.UtcNow.AddMinutes(-10);
        WritePrincipals("""{"principals": [{"name": "app", "role": "crypto", "accessKeyId": "AKIDONE", "secretAccessKey": "first-secret-0123456789"}]}""", written);
        var log = new CapturingLogger();
        using var store = PrincipalStore.FromFile(PrincipalsPath, log, pollInterval: Timeout.InfiniteTimeSpan, clock: clock);
        var failuresBefore = AuthenticationMetrics.PrincipalsReloadFailuresSoFar;
        int Errors() => log.Entries.Count(e => e.Level == LogLevel.Error);

        // A new file copied in readable by others: refused, and the last good principals stay.
        WritePrincipals("""{"principals": [{"name": "app", "role": "crypto", "accessKeyId": "AKIDTWO", "secretAccessKey": "second-secret-0123456789"}]}""", written.AddMinutes(1));
        File.SetUnixFileMode(PrincipalsPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        store.Reload();
        Assert.True(store.IsFailing);
        Assert.NotNull(store.ByAccessKeyId("AKIDONE"));
        Assert.Equal(1, Errors());

        // Polled again within the minute: quiet. After it: said again, and counted again.
        store.Reload();
        clock.Advance(TimeSpan.FromSeconds(30));
        store.Reload();
        Assert.Equal(1, Errors());
        clock.Advance(TimeSpan.FromSeconds(31));
        store.Reload();
        Assert.Equal(2, Errors());
        Assert.Equal(2, AuthenticationMetrics.PrincipalsReloadFailuresSoFar - failuresBefore);

        // chmod changes no modification time; the retry still finds the file usable.
        File.SetUnixFileMode(PrincipalsPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        clock.Advance(TimeSpan.FromMinutes(1));
        store.Reload();
        Assert.False(store.IsFailing);
        Assert.NotNull(store.ByAccessKeyId("AKIDTWO"));
        clock.Advance(TimeSpan.FromMinutes(5));
        store.Reload();
        Assert.Equal(2, Errors());
        Assert.All(log.Entries, e => Assert.DoesNotContain("secret-0123456789", e.Message));
    }
}
