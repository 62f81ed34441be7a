using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Kms.Actors.Aliases;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.Observability;
using Kms.Actors.Persistence;

namespace Kms.Actors.Catalog;

/// <summary>
/// The read side that lists keys and aliases without waking their actors. It folds the journal's tagged
/// events (so it sees what any node wrote, passivated or not) and, for read-your-writes on this node,
/// the changes local actors publish right after persisting; each entry keeps the sequence number it
/// reflects, so the two sources may arrive in any order. Entries hold no key material.
///
/// It also wakes keys whose deletion or automatic rotation is due, since a passivated key has no timer
/// of its own. Every node's catalog does this; the key actor decides, so a task happens once.
/// </summary>
public sealed class KeyCatalogActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    public const string KeyTag = KmsEventTagger.KeyTag;
    public const string AliasTag = KmsEventTagger.AliasTag;
    private static readonly TimeSpan PokeAgainAfter = TimeSpan.FromSeconds(30);

    private readonly SortedDictionary<string, (KeyState State, long SequenceNr)> _keys = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (AliasState? State, long SequenceNr)> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _poked = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _readJournalId;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _clock;
    private readonly TaggedEventReads? _reads;
    private long _keyOffset;
    private long _aliasOffset;

    public KeyCatalogActor(string readJournalId, TimeSpan refreshInterval, TimeProvider clock)
    {
        _readJournalId = readJournalId;
        _refreshInterval = refreshInterval;
        _clock = clock;
        _reads = TaggedEventReads.For(Context.System, readJournalId, clock);
        Context.System.EventStream.Subscribe<KeyChanged>(Self);
        Context.System.EventStream.Subscribe<AliasChanged>(Self);
        Loading();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string readJournalId, TimeSpan refreshInterval, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new KeyCatalogActor(readJournalId, refreshInterval, clock));

    protected override void PreStart() => CatchUp();

    private void Loading()
    {
        Folding();
        Receive<CatchUpDone>(_ =>
        {
            Become(Serving);
            Stash.UnstashAll();
            AfterCatchUp();
        });
        Receive<KeyCatalogProtocol.ListKeys>(_ => Stash.Stash());
        Receive<KeyCatalogProtocol.ListAliases>(_ => Stash.Stash());
    }

    private void Serving()
    {
        Folding();
        Receive<CatchUpDone>(_ => AfterCatchUp());
        Receive<KeyCatalogProtocol.ListKeys>(ListKeys);
        Receive<KeyCatalogProtocol.ListAliases>(ListAliases);
    }

    private void Folding()
    {
        Receive<KeyChanged>(change => PutKey(change.State, change.SequenceNr));
        Receive<AliasChanged>(change => PutAlias(change.AliasName, change.State, change.SequenceNr));
        Receive<TaggedEvent>(Fold);
        Receive<Refresh>(_ => CatchUp());
        Receive<Status.Failure>(failure =>
        {
            _log.Warning("Reading the catalog from the journal failed: {0}", failure.Cause.Message);
            Timers.StartSingleTimer("refresh", Refresh.Instance, _refreshInterval);
        });
        Receive<IKeyReply>(_ => { });
        Receive<IAliasReply>(_ => { });
    }

    /// <summary>Reads every tagged event after the last offsets seen, then reports done to itself.</summary>
    private void CatchUp()
    {
        var self = Self;
        var materializer = Context.System.Materializer();
        var (keyOffset, aliasOffset) = (_keyOffset, _aliasOffset);
        Events(keyOffset, aliasOffset)
            .RunForeach(e => self.Tell(new TaggedEvent(e)), materializer)
            .PipeTo(self, success: () => CatchUpDone.Instance, failure: e => new Status.Failure(e));
    }

    /// <summary>
    /// On SQLite and PostgreSQL the catalog reads the journal itself (<see cref="TaggedEventReads"/>), up to
    /// the frontier below which no event can still appear: the read journal's query scans the whole tag table
    /// for every event there. Any other provider gets the plugin's read journal.
    /// </summary>
    private Source<EventEnvelope, NotUsed> Events(long keyOffset, long aliasOffset)
    {
        if (_reads is not { } reads)
        {
            var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(_readJournalId);
            var integrity = JournalIntegritySetup.Of(Context.System);
            var serialization = Context.System.Serialization;
            return journal.CurrentEventsByTag(KeyTag, Offset.Sequence(keyOffset)).Concat(journal.CurrentEventsByTag(AliasTag, Offset.Sequence(aliasOffset)))
                .Select(e => new EventEnvelope(e.Offset, e.PersistenceId, e.SequenceNr,
                    integrity.Open(serialization, JournalMac.Event, e.PersistenceId, e.SequenceNr, e.Event), e.Timestamp, e.Tags));
        }
        return Source.FromTask(reads.Frontier())
            .ConcatMany(upTo => reads.CurrentEventsByTag(KeyTag, keyOffset, upTo).Concat(reads.CurrentEventsByTag(AliasTag, aliasOffset, upTo)));
    }

    private void AfterCatchUp()
    {
        WakeDueKeys();
        Timers.StartSingleTimer("refresh", Refresh.Instance, _refreshInterval);
    }

    private void WakeDueKeys()
    {
        if (!ActorRegistry.For(Context.System).TryGet<KeyRegion>(out var region)) return;
        var now = _clock.GetUtcNow();
        foreach (var (keyId, (state, _)) in _keys)
        {
            if (state.NextDueDate() is not { } due || due > now) continue;
            if (_poked.TryGetValue(keyId, out var last) && now - last < PokeAgainAfter && last >= due) continue;
            _poked[keyId] = now;
            region.Tell(new KeyCommands.RunDueTasks(keyId), Self);
        }
    }

    private void ListKeys(KeyCatalogProtocol.ListKeys request)
    {
        var inScope = InScope(request.Scope);
        var page = _keys
            .Where(k => k.Value.State.Status != KeyStatus.Destroyed)
            .Where(k => request.Marker is null || string.CompareOrdinal(k.Key, request.Marker) > 0)
            .Where(k => inScope(k.Key))
            .Take(request.Limit + 1)
            .Select(k => k.Value.State.ToMetadata())
            .ToList();
        var truncated = page.Count > request.Limit;
        if (truncated) page.RemoveAt(page.Count - 1);
        Sender.Tell(new KeyCatalogProtocol.KeyList(page, truncated ? page[^1].KeyId : null));
    }

    private void ListAliases(KeyCatalogProtocol.ListAliases request)
    {
        var inScope = InScope(request.Scope);
        var page = _aliases.Values
            .Select(a => a.State)
            .OfType<AliasState>()
            .Where(a => request.KeyId is null || a.TargetKeyId == request.KeyId)
            .Where(a => !(_keys.TryGetValue(a.TargetKeyId, out var key) && key.State.Status == KeyStatus.Destroyed))
            .Where(a => request.Marker is null || string.CompareOrdinal(a.AliasName, request.Marker) > 0)
            .Where(a => inScope(a.TargetKeyId))
            .Take(request.Limit + 1)
            .ToList();
        var truncated = page.Count > request.Limit;
        if (truncated) page.RemoveAt(page.Count - 1);
        Sender.Tell(new KeyCatalogProtocol.AliasList(page, truncated ? page[^1].AliasName : null));
    }

    /// <summary>
    /// Whether a key is in the scope: named by a pattern, or the target of an alias whose name is. Built once per
    /// listing from the aliases the catalog holds; no key actor is asked.
    /// </summary>
    private Func<string, bool> InScope(KeyScope? scope)
    {
        if (scope is null) return static _ => true;
        var throughAliases = _aliases.Values
            .Select(a => a.State)
            .OfType<AliasState>()
            .Where(a => scope.AllowsAliasName(a.AliasName))
            .Select(a => a.TargetKeyId)
            .ToHashSet(StringComparer.Ordinal);
        return keyId => throughAliases.Contains(keyId) || scope.NamesKey(keyId);
    }

    private void Fold(TaggedEvent tagged)
    {
        var envelope = tagged.Envelope;
        var offset = envelope.Offset is Sequence sequence ? sequence.Value : 0;
        try
        {
            switch (envelope.Event)
            {
                case JournalRowRejected rejected:
                    if (envelope.Tags.Contains(AliasTag)) _aliasOffset = Math.Max(_aliasOffset, offset);
                    else _keyOffset = Math.Max(_keyOffset, offset);
                    _log.Error("The catalog skips event {0} of {1}: {2} (the journal was written to outside Kms).",
                        rejected.SequenceNr, LogValue.Escape(rejected.PersistenceId), LogValue.Escape(rejected.Reason));
                    break;
                case IKeyEvent e:
                    _keyOffset = Math.Max(_keyOffset, offset);
                    var knownKey = _keys.TryGetValue(e.KeyId, out var key) ? key : default;
                    if (knownKey.State is not null && knownKey.SequenceNr >= envelope.SequenceNr) return;
                    PutKey(knownKey.State.Apply(e).WithoutMaterial(), envelope.SequenceNr);
                    break;
                case IAliasEvent e:
                    _aliasOffset = Math.Max(_aliasOffset, offset);
                    var knownAlias = _aliases.TryGetValue(e.AliasName, out var alias) ? alias : default;
                    if (knownAlias.SequenceNr >= envelope.SequenceNr) return;
                    PutAlias(e.AliasName, knownAlias.State.Apply(e), envelope.SequenceNr);
                    break;
            }
        }
        catch (InvalidOperationException ex)
        {
            _log.Warning("Skipping an event the catalog cannot place: {0}", ex.Message);
        }
    }

    private void PutKey(KeyState state, long sequenceNr)
    {
        if (_keys.TryGetValue(state.KeyId, out var known) && known.SequenceNr >= sequenceNr) return;
        _keys[state.KeyId] = (state, sequenceNr);
        // A new due date (a destroyed key's history to delete, say) is a new task: wake the key for it at the next pass.
        if (state.NextDueDate() != known.State?.NextDueDate()) _poked.Remove(state.KeyId);
        if (state.Status == KeyStatus.Destroyed)
            foreach (var alias in _aliases.Values.Select(a => a.State).OfType<AliasState>().Where(a => a.TargetKeyId == state.KeyId).ToList())
                DeleteAliasOfDestroyedKey(alias);
    }

    private void PutAlias(string aliasName, AliasState? state, long sequenceNr)
    {
        if (_aliases.TryGetValue(aliasName, out var known) && known.SequenceNr >= sequenceNr) return;
        _aliases[aliasName] = (state, sequenceNr);
        if (state is not null && _keys.TryGetValue(state.TargetKeyId, out var key) && key.State.Status == KeyStatus.Destroyed)
            DeleteAliasOfDestroyedKey(state);
    }

    /// <summary>As in AWS KMS, deleting a key deletes its aliases, so their names are free again. Any node may send it; the alias actor decides once.</summary>
    private void DeleteAliasOfDestroyedKey(AliasState alias)
    {
        if (ActorRegistry.For(Context.System).TryGet<AliasRegion>(out var region))
            region.Tell(new AliasCommands.DeleteAlias(alias.AliasName) { OnlyIfTarget = alias.TargetKeyId }, Self);
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
