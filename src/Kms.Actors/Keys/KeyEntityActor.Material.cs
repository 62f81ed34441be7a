using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Keys;

/// <summary>
/// The key's material: generated and wrapped by the master key for a new key or version, unwrapped when the key starts,
/// re-wrapped for another provider, and run by <see cref="KeyMaterial"/> for crypto.
/// </summary>
public sealed partial class KeyEntityActor
{
    private IKeyReply RunCrypto(IKeyCommand command, KeyDecision.UseVersion use)
    {
        var reply = _material.Run(command, use, out var failure);
        if (failure is not null) Log.Error("{0} on key {1} failed: {2}", command.GetType().Name, KeyId, failure.GetType().Name);
        return reply;
    }

    private void BeginGenerating(IKeyCommand command, KeyDecision.GenerateMaterial generate, IActorRef replyTo)
    {
        _masterKey.Ask<object>(new MasterKeyProtocol.Generate(_state.WrapBindingFor(command, generate.Version), generate.Bytes), _masterKeyTimeout)
            .PipeTo(Self, success: result => new MaterialReady(command, generate.Version, replyTo, result),
                failure: _ => new MaterialReady(command, generate.Version, replyTo,
                    new MasterKeyProtocol.Failed(KmsError.Unavailable("The master key provider did not answer in time."))));
        Become(Generating);
    }

    private void Generating(object message)
    {
        if (message is MaterialReady ready) OnMaterialReady(ready);
        else Stash.Stash();
    }

    private void OnMaterialReady(MaterialReady ready)
    {
        if (ready.Result is not MasterKeyProtocol.Generated generated)
        {
            var error = ready.Result is MasterKeyProtocol.Failed failed ? failed.Error : KmsError.Unavailable("The master key provider failed.");
            ready.ReplyTo.Tell(new KeyReplies.Failed(error));
            BecomeReady();
            return;
        }

        var @event = _state.WithMaterial(ready.Command, _clock.GetUtcNow(), generated.Provider, generated.Key.Wrapped);
        _awaitingPersist = ready.ReplyTo;
        _pendingMaterial = generated.Key.Material;
        var started = _clock.GetTimestamp();
        Persist(@event, e =>
        {
            KmsMetrics.JournalWriteSeconds.Record(_clock.GetElapsedTime(started).TotalSeconds);
            _material.Hold(ready.Version, _pendingMaterial);
            _pendingMaterial = null;
            _awaitingPersist = null;
            ApplyPersisted(e);
            ready.ReplyTo.Tell(new KeyReplies.Metadata(_state!.ToMetadata()));
            BecomeReady();
        });
    }

    private void BeginRewrapping(KeyDecision.Rewrap rewrap, IActorRef replyTo)
    {
        var versions = rewrap.Versions.Select(v => new MasterKeyProtocol.WrappedVersion(v.Version, v.Provider, v.WrappedMaterial, v.WrapFormat)).ToList();
        _masterKey.Ask<object>(new MasterKeyProtocol.Rewrap(KeyId, _state!.Spec, _state.Usage, versions), _masterKeyTimeout)
            .PipeTo(Self, failure: _ => new MasterKeyProtocol.Failed(KmsError.Unavailable("The master key provider did not answer in time.")));
        Become(message => Rewrapping(message, replyTo));
    }

    private void Rewrapping(object message, IActorRef replyTo)
    {
        switch (message)
        {
            case MasterKeyProtocol.Rewrapped done:
                var events = done.Versions.Select(v => (IKeyEvent)new KeyEvents.KeyMaterialRewrapped(KeyId, v.Version, v.Provider, v.Wrapped) { WrapFormat = v.WrapFormat }).ToList();
                BecomeReady();
                PersistThenReply(events, replyTo);
                break;
            case MasterKeyProtocol.Failed failed:
                replyTo.Tell(new KeyReplies.Failed(failed.Error));
                BecomeReady();
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    private void BeginUnwrapping()
    {
        var versions = _state!.Versions.Select(v => new MasterKeyProtocol.WrappedVersion(v.Version, v.Provider, v.WrappedMaterial, v.WrapFormat)).ToList();
        _masterKey.Ask<object>(new MasterKeyProtocol.Unwrap(KeyId, _state.Spec, _state.Usage, versions), _masterKeyTimeout)
            .PipeTo(Self, failure: _ => new MasterKeyProtocol.Failed(KmsError.Unavailable("The master key provider did not answer in time.")));
        Become(Unwrapping);
    }

    private void Unwrapping(object message)
    {
        switch (message)
        {
            case MasterKeyProtocol.Unwrapped unwrapped:
                _material.HoldAll(unwrapped.Materials);
                BecomeReady();
                break;
            case MasterKeyProtocol.Failed failed:
                Log.Error("Key {0} cannot be used: {1}", KeyId, failed.Error.Message);
                Become(next => Unusable(next, failed.Error));
                Stash.UnstashAll();
                Self.Tell(StopNow.Instance);
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    private void ForgetMaterial()
    {
        _material.Dispose();
        if (_pendingMaterial is not null) CryptographicOperations.ZeroMemory(_pendingMaterial);
        _pendingMaterial = null;
    }

    private sealed record MaterialReady(IKeyCommand Command, int Version, IActorRef ReplyTo, object Result) : INoSerializationVerificationNeeded, IHoldsKeyMaterial
    {
        public void WipeMaterial() => (Result as IHoldsKeyMaterial)?.WipeMaterial();
    }
}
