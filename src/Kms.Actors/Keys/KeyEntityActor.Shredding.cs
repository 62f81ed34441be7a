using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Kms.Actors.Persistence;

namespace Kms.Actors.Keys;

/// <summary>A destroyed key deletes its earlier events and snapshots, then records that it did, retrying until it can.</summary>
public sealed partial class KeyEntityActor
{
    private bool _eventsShredded;
    private bool _snapshotsShredded;
    private bool _shredding;
    private bool _stopWhenShredded;

    /// <summary>
    /// Deletes every event but the destruction (the last event until the deletion is recorded), and every
    /// snapshot. The journal removes every deleted row (<see cref="KeptRowPurge"/>).
    /// </summary>
    private void ShredHistory()
    {
        _eventsShredded = _snapshotsShredded = false;
        _shredding = true;
        DeleteMessages(LastSequenceNr - 1);
        DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
    }

    private void RetryShred(string what, Exception cause)
    {
        Log.Error("Deleting the {0} of destroyed key {1} failed ({2}); retrying.", what, KeyId, cause.GetType().Name);
        _shredding = false;
        // Stopped now, the key is woken again by the catalog, which wakes destroyed keys until their history is deleted.
        if (_stopWhenShredded) Context.Stop(Self);
        else Timers.StartSingleTimer("shred", Shred.Instance, _shredRetry);
    }

    private void AfterShred()
    {
        if (!_eventsShredded || !_snapshotsShredded || _state is not { HistoryDeleted: false }) return;
        Persist(new KeyEvents.KeyHistoryDeleted(KeyId), e =>
        {
            ApplyPersisted(e);
            _shredding = false;
            if (_stopWhenShredded) Context.Stop(Self);
            Log.Info("Key {0} is destroyed: its events and snapshots are deleted.", KeyId);
            Context.System.EventStream.Publish(new KeyShredded(KeyId));
        });
    }

    private sealed class Shred : INoSerializationVerificationNeeded
    {
        public static readonly Shred Instance = new();
    }
}
