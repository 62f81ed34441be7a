using Kms.Actors.Operations;
using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Actors.Persistence;

namespace Kms.Node.Hosting;

/// <summary>
/// Moves a key store to another master-key provider (software → HSM): every version of every key is
/// unwrapped by the provider that wrapped it and wrapped again by the primary one, one key at a time,
/// each key's change persisted before the next. Interrupted, it resumes where it stopped: keys already
/// moved are skipped. Keys pending deletion are not moved (a key pending deletion is never re-wrapped, so that no
/// new copy of material about to be shredded is made); they are named, and the migration is not complete while any remain.
/// Each run then seals the journal again under the new provider's journal MAC key
/// (<see cref="JournalMacMigration.Reseal"/>), so a node with the new provider alone can read what the old one wrote:
/// only rows that verify under the old (software) key are sealed again; bare or forged rows are reported and left as they are.
/// </summary>
public static class MasterKeyMigration
{
    public sealed record Result(int Moved, int Failed, bool Complete)
    {
        public int PendingDeletion { get; init; }
    }

    public static async Task<Result> Run(KeyOperations keys, JournalMacMigration journal, string targetProvider, int? maxKeys, TextWriter output, CancellationToken ct)
    {
        var result = await Rewrap(keys, targetProvider, maxKeys, output, ct);
        var sealedRows = await journal.Reseal(ct);
        output.WriteLine($"Sealed {sealedRows.EventsSealed} events and {sealedRows.SnapshotsSealed} snapshots under the '{targetProvider}' journal MAC key.");
        foreach (var row in sealedRows.Refused) output.WriteLine($"Refused, not sealed again: {row}");
        return result;
    }

    private static async Task<Result> Rewrap(KeyOperations keys, string targetProvider, int? maxKeys, TextWriter output, CancellationToken ct)
    {
        var moved = 0;
        var failed = 0;
        var pendingDeletion = 0;
        string? marker = null;
        do
        {
            if ((await keys.ListKeys(KeyOperations.MaxListLimit, marker, ct: ct)).Value is not { } page)
                throw new InvalidOperationException("The key catalog did not answer.");
            foreach (var key in page.Items)
            {
                if (key.KeyState == KeyStatus.PendingDeletion)
                {
                    pendingDeletion++;
                    output.WriteLine($"{key.KeyId}: pending deletion, not moved; cancel its deletion and run again, or keep the passphrase until it is destroyed.");
                    continue;
                }
                if (moved + failed >= maxKeys)
                {
                    output.WriteLine($"Stopped after {moved + failed} keys as asked; run again to continue.");
                    return new Result(moved, failed, Complete: false) { PendingDeletion = pendingDeletion };
                }
                // The catalog's ids come from the journal; one that is not a key id cannot be moved.
                var rewrapped = KeyId.TryParse(key.KeyId, out var keyId)
                    ? await keys.RewrapMaterial(keyId, targetProvider, ct)
                    : KmsError.NotFound(key.KeyId);
                if (rewrapped.Error is { } error)
                {
                    failed++;
                    output.WriteLine($"{key.KeyId}: {error.Code}: {error.Message}");
                }
                else
                {
                    moved++;
                }
            }
            marker = page.NextMarker;
        } while (marker is not null);
        output.WriteLine($"{moved} keys are wrapped by '{targetProvider}'; {failed} failed; {pendingDeletion} pending deletion were not moved.");
        return new Result(moved, failed, Complete: failed == 0 && pendingDeletion == 0) { PendingDeletion = pendingDeletion };
    }
}
