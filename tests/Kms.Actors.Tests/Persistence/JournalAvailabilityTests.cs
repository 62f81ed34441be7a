using Kms.Actors.Persistence;

namespace Kms.Actors.Tests.Persistence;

public class JournalAvailabilityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_journal_is_available_until_an_operation_fails()
    {
        using var journal = new JournalAvailability(PersistenceSettings.ForPostgres("Host=127.0.0.1;Port=1;Username=nobody;Timeout=1"));
        Assert.True(journal.Available);
        Assert.Null(journal.Status.UnavailableSince);

        journal.ReportFailure(new TimeoutException("no answer"));

        Assert.False(journal.Available);
        Assert.NotNull(journal.Status.UnavailableSince);
    }

    [Fact]
    public async Task A_journal_whose_database_refuses_connections_stays_unavailable()
    {
        using var journal = new JournalAvailability(PersistenceSettings.ForPostgres("Host=127.0.0.1;Port=1;Username=nobody;Timeout=1"),
            probeInterval: TimeSpan.FromMilliseconds(50));
        journal.ReportFailure(new TimeoutException("no answer"));

        await Task.Delay(TimeSpan.FromMilliseconds(500)); // several probes, every one refused
        Assert.False(journal.Available);
    }

    [Fact]
    public async Task A_journal_is_available_again_once_its_database_answers_the_probe()
    {
        var directory = Directory.CreateTempSubdirectory("kms-journal-");
        using var journal = new JournalAvailability(PersistenceSettings.ForSqliteFile(Path.Combine(directory.FullName, "kms.db")),
            probeInterval: TimeSpan.FromMilliseconds(50));

        journal.ReportFailure(new IOException("disk full"));

        var deadline = DateTime.UtcNow + Wait;
        while (!journal.Available && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(journal.Available);
        Assert.Null(journal.Status.UnavailableSince);
        directory.Delete(recursive: true);
    }
}
