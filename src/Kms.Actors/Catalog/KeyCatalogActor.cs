using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Kms.Actors.Keys;

namespace Kms.Actors.Catalog;

/// <summary>
/// The read side that lists keys without waking their actors. It folds the journal's tagged key events
/// (so it sees keys written by any node, passivated or not) and, for read-your-writes on this node,
/// the changes local key actors publish right after persisting. Each entry keeps the sequence number it
/// reflects, so the two sources may arrive in any order. Entries hold no key material, not even wrapped.
/// </summary>
public sealed class KeyCatalogActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    public const string Tag = "key";

    private readonly SortedDictionary<string, (KeyState State, long SequenceNr)> _keys = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _readJournalId;
    private readonly TimeSpan _refreshInterval;
    private long _offset;

    public KeyCatalogActor(string readJournalId, TimeSpan refreshInterval)
    {
        _readJournalId = readJournalId;
        _refreshInterval = refreshInterval;
        Context.System.EventStream.Subscribe<KeyCatalogProtocol.KeyChanged>(Self);
        Loading();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string readJournalId, TimeSpan refreshInterval) =>
        Akka.Actor.Props.Create(() => new KeyCatalogActor(readJournalId, refreshInterval));

    protected override void PreStart() => CatchUp();

    private void Loading()
    {
        Folding();
        Receive<CatchUpDone>(_ =>
        {
            Become(Serving);
            Stash.UnstashAll();
            ScheduleRefresh();
        });
        Receive<Status.Failure>(OnCatchUpFailed);
        Receive<KeyCatalogProtocol.ListKeys>(_ => Stash.Stash());
    }

    private void Serving()
    {
        Folding();
        Receive<CatchUpDone>(_ => ScheduleRefresh());
        Receive<Status.Failure>(OnCatchUpFailed);
        Receive<Refresh>(_ => CatchUp());
        Receive<KeyCatalogProtocol.ListKeys>(List);
    }

    private void Folding()
    {
        Receive<KeyCatalogProtocol.KeyChanged>(change => Put(change.State, change.SequenceNr));
        Receive<TaggedEvent>(Fold);
        Receive<Refresh>(_ => CatchUp());
    }

    /// <summary>Reads every tagged event after the last offset seen, then reports done to itself.</summary>
    private void CatchUp()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(_readJournalId);
        var self = Self;
        journal.CurrentEventsByTag(Tag, Offset.Sequence(_offset))
            .RunForeach(e => self.Tell(new TaggedEvent(e)), Context.System.Materializer())
            .PipeTo(self, success: () => CatchUpDone.Instance, failure: e => new Status.Failure(e));
    }

    private void OnCatchUpFailed(Status.Failure failure)
    {
        _log.Warning("Reading the key catalog from the journal failed: {0}", failure.Cause.Message);
        ScheduleRefresh();
    }

    private void ScheduleRefresh() => Timers.StartSingleTimer("refresh", Refresh.Instance, _refreshInterval);

    private void List(KeyCatalogProtocol.ListKeys request)
    {
        var page = _keys
            .Where(k => request.Marker is null || string.CompareOrdinal(k.Key, request.Marker) > 0)
            .Take(request.Limit + 1)
            .Select(k => k.Value.State.ToMetadata())
            .ToList();
        var truncated = page.Count > request.Limit;
        if (truncated) page.RemoveAt(page.Count - 1);
        Sender.Tell(new KeyCatalogProtocol.KeyList(page, truncated ? page[^1].KeyId : null));
    }

    private void Fold(TaggedEvent tagged)
    {
        var envelope = tagged.Envelope;
        if (envelope.Offset is Sequence sequence && sequence.Value > _offset) _offset = sequence.Value;
        if (envelope.Event is not IKeyEvent e) return;
        var known = _keys.TryGetValue(e.KeyId, out var entry) ? entry : default;
        if (known.State is not null && known.SequenceNr >= envelope.SequenceNr) return;
        try
        {
            Put(known.State.Apply(e), envelope.SequenceNr);
        }
        catch (InvalidOperationException ex)
        {
            _log.Warning("Skipping a key event the catalog cannot place: {0}", ex.Message);
        }
    }

    private void Put(KeyState state, long sequenceNr)
    {
        if (_keys.TryGetValue(state.KeyId, out var known) && known.SequenceNr >= sequenceNr) return;
        _keys[state.KeyId] = (state with { Versions = [] }, sequenceNr);
    }

    private sealed record TaggedEvent(EventEnvelope Envelope) : INoSerializationVerificationNeeded;

    private sealed class CatchUpDone : INoSerializationVerificationNeeded
    {
        public static readonly CatchUpDone Instance = new();
    }

    private sealed class Refresh : INoSerializationVerificationNeeded
    {
        public static readonly Refresh Instance = new();
    }
}
