using System.Collections.Immutable;
using Akka.Persistence.Journal;
using Kms.Actors.Catalog;

namespace Kms.Actors.Keys;

/// <summary>Tags every key event so the catalog can read all keys from the journal.</summary>
public sealed class KeyEventTagger : IWriteEventAdapter
{
    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(KeyCatalogActor.Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is IKeyEvent ? new Tagged(evt, Tags) : evt;
}
