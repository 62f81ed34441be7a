using Akka.Hosting;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;

namespace Kms.Actors.Persistence;

public static class KmsPersistenceHostingExtensions
{
    public const string JournalId = "akka.persistence.journal.sql";
    public const string ReadJournalId = "akka.persistence.query.journal.sql";

    /// <summary>
    /// Akka.Persistence.Sql as journal, snapshot store and read journal, with key events tagged for the
    /// catalog; the journal and snapshot store read a recovering key through <see cref="RecoveryReads"/>, and
    /// seal and open every row with <paramref name="integrity"/>. Tables are created on first use. Failed
    /// operations are reported to <paramref name="availability"/>, when given.
    /// </summary>
    public static AkkaConfigurationBuilder AddKmsPersistence(this AkkaConfigurationBuilder builder, PersistenceSettings settings, JournalIntegrity integrity,
        JournalAvailability? availability = null)
    {
        builder.AddSetup(new JournalIntegritySetup(integrity));
        // On SQLite, reads in an unspecified isolation level become BEGIN IMMEDIATE and queue for the one
        // write lock; in WAL mode readers need no lock, so they read committed data without it.
        var (providerName, parallelism, readIsolation) = settings.Provider switch
        {
            PersistenceSettings.Sqlite => (ProviderName.SQLiteMS, 1, "read-uncommitted"),
            PersistenceSettings.Postgres => (ProviderName.PostgreSQL15, 4, "unspecified"),
            _ => throw new ArgumentException($"Unknown persistence provider '{settings.Provider}' (use sqlite or postgres)."),
        };
        if (settings.Provider == PersistenceSettings.Sqlite) SqliteDatabase.Prepare(settings.ConnectionString);

        var connection = Quote(settings.ConnectionString);
        var tagger = typeof(KmsEventTagger).AssemblyQualifiedNameWithoutVersion();
        var journalClass = typeof(KmsSqlWriteJournal).AssemblyQualifiedNameWithoutVersion();
        var snapshotStoreClass = typeof(KmsSqlSnapshotStore).AssemblyQualifiedNameWithoutVersion();
        var keyEvent = typeof(IKeyEvent).AssemblyQualifiedNameWithoutVersion();
        var aliasEvent = typeof(IAliasEvent).AssemblyQualifiedNameWithoutVersion();
        // Akka's defaults (open after 10 failures, for 30 s; 60 s for snapshots) kept writes failing for most of a
        // minute after the database came back. Here the breaker tries again after 2 s, one call at a time; while
        // it is open, JournalAvailability has already made the node refuse writes at once.
        const string breaker = "circuit-breaker { max-failures = 5, call-timeout = 10s, reset-timeout = 2s }";
        var hocon = $$"""
            akka.persistence {
              journal {
                plugin = "{{JournalId}}"
                sql {
                  class = "{{journalClass}}"
                  connection-string = {{connection}}
                  provider-name = "{{providerName}}"
                  table-mapping = default
                  auto-initialize = true
                  parallelism = {{parallelism}}
                  read-isolation-level = {{readIsolation}}
                  tag-write-mode = TagTable
                  # Sharding keeps one writer per key and the tables' primary key refuses a second writer's
                  # sequence numbers, so the replay filter (a child actor per recovery) has nothing to repair.
                  replay-filter.mode = off
                  {{breaker}}
                  event-adapters { tagger = "{{tagger}}" }
                  event-adapter-bindings {
                    "{{keyEvent}}" = tagger
                    "{{aliasEvent}}" = tagger
                  }
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  class = "{{snapshotStoreClass}}"
                  connection-string = {{connection}}
                  provider-name = "{{providerName}}"
                  table-mapping = default
                  auto-initialize = true
                  read-isolation-level = {{readIsolation}}
                  {{breaker}}
                }
              }
              query.journal.sql {
                connection-string = {{connection}}
                provider-name = "{{providerName}}"
                table-mapping = default
                write-plugin = "{{JournalId}}"
                tag-read-mode = TagTable
                read-isolation-level = {{readIsolation}}
                refresh-interval = 1s
                journal-sequence-retrieval.query-delay = 200ms
              }
            }
            """;
        if (settings.Provider == PersistenceSettings.Sqlite)
        {
            // The journal and the snapshot store write through separate connections; SQLite's own busy handler
            // makes one wait milliseconds for the other, where the driver's retry would sleep 150 ms.
            builder.AddSetup(new DataOptionsSetup(new DataOptions()
                .UseConnectionString(providerName, settings.ConnectionString)
                .UseAfterConnectionOpened(SqliteDatabase.WaitWhileBusy)));
            builder.WithActors((system, _) => system.ActorOf(SqliteCompactionActor.Props(settings.ConnectionString), "sqlite-compaction"));
        }
        if (availability is not null) builder.AddSetup(new JournalAvailabilitySetup(availability));
        return builder
            .AddHocon(hocon, HoconAddMode.Prepend)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .AddHocon(SqlPersistence.DefaultQueryConfiguration, HoconAddMode.Append);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
