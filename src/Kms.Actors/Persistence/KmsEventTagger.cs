using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace Kms.Actors.Persistence;

/// <summary>Tags key and alias events so the catalog can read every key and alias from the journal.</summary>
public sealed class KmsEventTagger : IWriteEventAdapter
{
    public const string KeyTag = "key";
    public const string AliasTag = "alias";

    private static readonly IImmutableSet<string> KeyTags = ImmutableHashSet.Create(KeyTag);
    private static readonly IImmutableSet<string> AliasTags = ImmutableHashSet.Create(AliasTag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt switch
    {
        IKeyEvent => new Tagged(evt, KeyTags),
        IAliasEvent => new Tagged(evt, AliasTags),
        _ => evt,
    };
}
