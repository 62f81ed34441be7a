using System.Collections.Immutable;
using Akka.Persistence.Journal;
using Kms.Actors.Aliases;
using Kms.Actors.Catalog;
using Kms.Actors.Keys;

namespace Kms.Actors.Persistence;

/// <summary>Tags key and alias events so the catalog can read every key and alias from the journal.</summary>
public sealed class KmsEventTagger : IWriteEventAdapter
{
    private static readonly IImmutableSet<string> KeyTags = ImmutableHashSet.Create(KeyCatalogActor.KeyTag);
    private static readonly IImmutableSet<string> AliasTags = ImmutableHashSet.Create(KeyCatalogActor.AliasTag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt switch
    {
        IKeyEvent => new Tagged(evt, KeyTags),
        IAliasEvent => new Tagged(evt, AliasTags),
        _ => evt,
    };
}
