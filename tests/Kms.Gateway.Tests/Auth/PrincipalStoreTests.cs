using Kms.Gateway.Auth;
using Microsoft.Extensions.Logging;

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
}
