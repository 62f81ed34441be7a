using Akka.Actor;
using Akka.Cluster.Sharding;
using Kms.Actors.Leases;

namespace Kms.Actors.Keys;

/// <summary>The owner's side of leases (docs/scaling.md): lending the key to other nodes, and calling the leases back before a change.</summary>
public sealed partial class KeyEntityActor
{
    private void Lend(KeyLeases.Request request)
    {
        // The actor is ready here, so its material unwraps under this node's master key: the holder's will too.
        Sender.Tell(_leases.TryGrant(Sender, request, _state) as IKmsMessage ?? new KeyLeases.Refused(KeyId, request.RequestId));
        if (_state is null) Context.Parent.Tell(new Passivate(Stop.Instance));
    }

    /// <summary>
    /// Before a change crypto depends on: every holder is told to stop serving the key, and the key handles nothing
    /// (the change included) until all have answered or their leases have run out, and its start's quiet period is over.
    /// </summary>
    private void CallLeasesBack()
    {
        foreach (var (holder, leaseId) in _leases.Outstanding())
        {
            holder.Tell(new KeyLeases.Revoke(KeyId, leaseId));
            KmsMetrics.LeaseRevoked();
        }
        Timers.StartSingleTimer(LeaseCheck.Instance, LeaseCheck.Instance, _leases.NextCheck());
        Become(WaitingForLeases);
    }

    private void WaitingForLeases(object message)
    {
        switch (message)
        {
            case KeyLeases.Revoked returned:
                _leases.Returned(returned.LeaseId);
                if (_leases.Clear()) StopWaitingForLeases();
                break;
            case LeaseCheck when _leases.Clear():
                StopWaitingForLeases();
                break;
            case LeaseCheck:
                Timers.StartSingleTimer(LeaseCheck.Instance, LeaseCheck.Instance, _leases.NextCheck());
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    private void StopWaitingForLeases()
    {
        Timers.Cancel(LeaseCheck.Instance);
        BecomeReady();
    }

    private sealed class LeaseCheck : INoSerializationVerificationNeeded
    {
        public static readonly LeaseCheck Instance = new();
    }
}
