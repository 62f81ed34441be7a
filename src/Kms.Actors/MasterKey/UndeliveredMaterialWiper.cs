using Akka.Actor;
using Akka.Event;

namespace Kms.Actors.MasterKey;

/// <summary>
/// Wipes the key material of messages that ended in dead letters: a master key's answer to an ask that had timed out,
/// or material piped to a key or lease actor that had stopped meanwhile. Nobody else holds such a message, so wiping
/// it takes nothing from anyone. Started by the <see cref="MasterKeyActor"/>, which hands out all such material, as
/// its child on the default dispatcher (the master key's own thread may be busy with a slow provider).
/// </summary>
public sealed class UndeliveredMaterialWiper : UntypedActor
{
    public static Props Props() => Akka.Actor.Props.Create<UndeliveredMaterialWiper>();

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(AllDeadLetters));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        if (message is AllDeadLetters letter && WrappedMessage.Unwrap(letter.Message) is IHoldsKeyMaterial held) held.WipeMaterial();
    }
}
