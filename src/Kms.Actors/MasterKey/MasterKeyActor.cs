using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;

namespace Kms.Actors.MasterKey;

/// <summary>
/// Owns the master-key provider: every wrap and unwrap on this node goes through it, one at a time,
/// on a dedicated thread (provider calls may block, as PKCS#11 calls do).
/// </summary>
public sealed class MasterKeyActor : ReceiveActor
{
    public const string DispatcherId = "kms.master-key-dispatcher";

    private readonly IMasterKeyProvider _provider;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public MasterKeyActor(IMasterKeyProvider provider)
    {
        _provider = provider;
        Receive<MasterKeyProtocol.Generate>(Handle);
        Receive<MasterKeyProtocol.Unwrap>(Handle);
    }

    public static Props Props(IMasterKeyProvider provider) =>
        Akka.Actor.Props.Create(() => new MasterKeyActor(provider)).WithDispatcher(DispatcherId);

    private void Handle(MasterKeyProtocol.Generate request)
    {
        try
        {
            Sender.Tell(new MasterKeyProtocol.Generated(_provider.Generate(request.KeyId, request.Version, request.Bytes), _provider.Name));
        }
        catch (Exception e)
        {
            _log.Error("Generating key material for {0} v{1} failed: {2}", request.KeyId, request.Version, e.GetType().Name);
            Sender.Tell(new MasterKeyProtocol.Failed(KmsError.Unavailable("The master key provider could not generate key material.")));
        }
    }

    private void Handle(MasterKeyProtocol.Unwrap request)
    {
        var materials = new Dictionary<int, byte[]>();
        try
        {
            foreach (var version in request.Versions)
                materials[version.Version] = _provider.Unwrap(request.KeyId, version.Version, version.Wrapped);
            Sender.Tell(new MasterKeyProtocol.Unwrapped(materials));
        }
        catch (Exception e)
        {
            foreach (var material in materials.Values) CryptographicOperations.ZeroMemory(material);
            var integrity = e is CryptographicException;
            _log.Error("Unwrapping key material of {0} failed: {1}", request.KeyId, e.GetType().Name);
            Sender.Tell(new MasterKeyProtocol.Failed(integrity
                ? new KmsError(KmsErrorCode.Internal, "The key's material does not unwrap under this master key.")
                : KmsError.Unavailable("The master key provider is unavailable.")));
        }
    }

    protected override void PostStop() => _provider.Dispose();
}
