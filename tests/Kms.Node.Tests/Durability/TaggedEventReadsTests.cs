using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Kms.Actors.Catalog;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Kms.Node.Tests.Durability;

/// <summary>
/// The catalog's own read of the embedded SQLite journal (<see cref="TaggedEventReads"/>) must see exactly
/// what the plugin's read journal sees, without the plugin's per-event scan of the tag table. PostgreSQL's
/// side, with its frontier, is tested in Kms.Actors.Tests.
/// </summary>
public class TaggedEventReadsTests
{
    [Fact]
    public async Task Reads_the_same_tagged_events_as_the_read_journal_and_resumes_after_an_offset()
    {
        using var directory = new TestDirectory();
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path));
        using var client = node.Client();
        var keys = new[] { await client.CreateKey("a"), await client.CreateKey("b"), await client.CreateKey("c") };
        (await client.Post("disablekey", new { KeyID = keys[1] })).EnsureOk();
        (await client.Post("createalias", new { AliasName = "alias/orders", TargetKeyId = keys[0] })).EnsureOk();

        var system = node.Services.GetRequiredService<ActorSystem>();
        var reader = TaggedEventReads.For(system, KmsPersistenceHostingExtensions.ReadJournalId);
        Assert.NotNull(reader);
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(KmsPersistenceHostingExtensions.ReadJournalId);

        foreach (var tag in new[] { KeyCatalogActor.KeyTag, KeyCatalogActor.AliasTag })
        {
            // The plugin's read journal hands out the sealed rows; ours opens them.
            var integrity = node.Services.GetRequiredService<JournalIntegrity>();
            var expected = Describe((await Collect(system, journal.CurrentEventsByTag(tag, Offset.Sequence(0))))
                .Select(e => new EventEnvelope(e.Offset, e.PersistenceId, e.SequenceNr,
                    integrity.Open(system.Serialization, JournalMac.Event, e.PersistenceId, e.SequenceNr, e.Event), e.Timestamp, e.Tags)).ToList());
            var read = Describe(await Collect(system, reader!.CurrentEventsByTag(tag, 0, long.MaxValue)));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, read);
        }

        var all = await Collect(system, reader!.CurrentEventsByTag(KeyCatalogActor.KeyTag, 0, long.MaxValue));
        Assert.Equal(4, all.Count); // three creations and one disable
        Assert.All(all, e => Assert.IsAssignableFrom<IKeyEvent>(e.Event));
        var afterFirst = await Collect(system, reader.CurrentEventsByTag(KeyCatalogActor.KeyTag, ((Sequence)all[0].Offset).Value, long.MaxValue));
        Assert.Equal(Describe(all.Skip(1).ToList()), Describe(afterFirst));
    }

    [Fact]
    public async Task Reads_in_batches_past_the_batch_size_and_no_further_than_asked()
    {
        using var directory = new TestDirectory();
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path));
        using var client = node.Client();
        var system = node.Services.GetRequiredService<ActorSystem>();
        var reader = TaggedEventReads.For(system, KmsPersistenceHostingExtensions.ReadJournalId)!;
        for (var i = 0; i < 5; i++) await client.CreateKey();

        var batches = new List<int>();
        long after = 0;
        while (await reader.Read(KeyCatalogActor.KeyTag, after, long.MaxValue, limit: 2) is { Count: > 0 } batch)
        {
            batches.Add(batch.Count);
            after = ((Sequence)batch[^1].Offset).Value;
        }
        Assert.Equal([2, 2, 1], batches);

        // SQLite's single writer commits orderings in order: its frontier is the end of the journal.
        Assert.Equal(long.MaxValue, await reader.Frontier());
        var firstTwo = await reader.Read(KeyCatalogActor.KeyTag, 0, long.MaxValue, limit: 2);
        var upToSecond = await reader.Read(KeyCatalogActor.KeyTag, 0, upTo: ((Sequence)firstTwo[1].Offset).Value, limit: 10);
        Assert.Equal(firstTwo.Select(e => e.PersistenceId), upToSecond.Select(e => e.PersistenceId));
    }

    [Fact]
    public async Task A_journal_whose_tables_do_not_exist_yet_reads_as_empty()
    {
        using var directory = new TestDirectory();
        await using var node = await InProcessNode.Start(new NodeFiles(directory.Path));
        using var client = node.Client();
        await client.CreateKey();
        var system = node.Services.GetRequiredService<ActorSystem>();
        var reader = TaggedEventReads.For(system, KmsPersistenceHostingExtensions.ReadJournalId)!;
        // The node's own journal, which holds the key just made: the read below must have had something to find.
        Assert.NotEmpty(await reader.Read(KeyCatalogActor.KeyTag, 0, long.MaxValue, TaggedEventReads.BatchSize));

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(PersistenceSettings.ForSqliteFile(Path.Combine(node.Files.DataDirectory, "kms.db")).ConnectionString))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE tags; DROP TABLE journal;";
            drop.ExecuteNonQuery();
        }

        Assert.Empty(await reader.Read(KeyCatalogActor.KeyTag, 0, long.MaxValue, TaggedEventReads.BatchSize));
    }

    private static Task<List<EventEnvelope>> Collect(ActorSystem system, Source<EventEnvelope, Akka.NotUsed> source) =>
        source.RunAggregate(new List<EventEnvelope>(), (list, e) => { list.Add(e); return list; }, system.Materializer());

    private static List<string> Describe(IReadOnlyList<EventEnvelope> events) =>
        events.Select(e => $"{e.Offset} {e.PersistenceId} {e.SequenceNr} {e.Event.GetType().Name}").ToList();
}
