using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Kms.Actors.Crypto;

namespace Kms.Actors.MasterKey;

/// <summary>
/// Owns the master-key providers: every wrap and unwrap on this node goes through it, one at a time, on
/// a dedicated thread (provider calls may block, as PKCS#11 calls do). In HSM mode it is the HSM session
/// actor. The first provider is primary: it makes and wraps all new material. Others, if any, only
/// unwrap what they wrapped earlier, so keys can be moved between providers (see <see cref="MasterKeyProtocol.Rewrap"/>).
/// </summary>
public sealed class MasterKeyActor : ReceiveActor
{
    public const string DispatcherId = "kms.master-key-dispatcher";

    private readonly IReadOnlyList<IMasterKeyProvider> _providers;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public MasterKeyActor(IReadOnlyList<IMasterKeyProvider> providers)
    {
        _providers = providers.Count > 0 ? providers : throw new ArgumentException("At least one master-key provider is needed.", nameof(providers));
        Receive<MasterKeyProtocol.Generate>(Handle);
        Receive<MasterKeyProtocol.Unwrap>(Handle);
        Receive<MasterKeyProtocol.Rewrap>(Handle);
    }

    private IMasterKeyProvider Primary => _providers[0];

    public static Props Props(params IMasterKeyProvider[] providers) =>
        Akka.Actor.Props.Create(() => new MasterKeyActor(providers)).WithDispatcher(DispatcherId);

    private void Handle(MasterKeyProtocol.Generate request)
    {
        try
        {
            Sender.Tell(new MasterKeyProtocol.Generated(Primary.Generate(request.Binding, request.Bytes), Primary.Name));
        }
        catch (Exception e)
        {
            _log.Error("Generating key material for {0} v{1} failed: {2}", request.Binding.KeyId, request.Binding.Version, e.GetType().Name);
            Sender.Tell(new MasterKeyProtocol.Failed(KmsError.Unavailable("The master key provider could not generate key material.")));
        }
    }

    private void Handle(MasterKeyProtocol.Unwrap request)
    {
        var materials = new Dictionary<int, byte[]>();
        try
        {
            foreach (var version in request.Versions)
                materials[version.Version] = ProviderFor(version).Unwrap(
                    new KeyWrapBinding(request.KeyId, version.Version, request.Spec, request.Usage, version.WrapFormat), version.Wrapped);
            Sender.Tell(new MasterKeyProtocol.Unwrapped(materials));
        }
        catch (Exception e)
        {
            foreach (var material in materials.Values) CryptographicOperations.ZeroMemory(material);
            _log.Error("Unwrapping key material of {0} failed: {1}", request.KeyId, e.GetType().Name);
            Sender.Tell(new MasterKeyProtocol.Failed(Failure(e)));
        }
    }

    private void Handle(MasterKeyProtocol.Rewrap request)
    {
        var rewrapped = new List<MasterKeyProtocol.WrappedVersion>();
        try
        {
            foreach (var version in request.Versions)
            {
                var material = ProviderFor(version).Unwrap(
                    new KeyWrapBinding(request.KeyId, version.Version, request.Spec, request.Usage, version.WrapFormat), version.Wrapped);
                try
                {
                    var binding = new KeyWrapBinding(request.KeyId, version.Version, request.Spec, request.Usage);
                    rewrapped.Add(new MasterKeyProtocol.WrappedVersion(version.Version, Primary.Name, Primary.Wrap(binding, material), binding.Format));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(material);
                }
            }
            Sender.Tell(new MasterKeyProtocol.Rewrapped(Primary.Name, rewrapped));
        }
        catch (Exception e)
        {
            _log.Error("Re-wrapping key material of {0} failed: {1}", request.KeyId, e.GetType().Name);
            Sender.Tell(new MasterKeyProtocol.Failed(Failure(e)));
        }
    }

    private IMasterKeyProvider ProviderFor(MasterKeyProtocol.WrappedVersion version) =>
        _providers.FirstOrDefault(p => p.Name == version.Provider)
        ?? throw new MissingProviderException(version.Provider);

    private static KmsError Failure(Exception e) => e switch
    {
        CryptographicException => new KmsError(KmsErrorCode.Internal, "The key's material does not unwrap under this master key."),
        MissingProviderException missing => KmsError.Unavailable(missing.Message),
        _ => KmsError.Unavailable("The master key provider is unavailable."),
    };

    protected override void PostStop()
    {
        foreach (var provider in _providers) provider.Dispose();
    }

    private sealed class MissingProviderException(string provider)
        : Exception($"The key's material is wrapped by the '{provider}' provider, which this node is not configured with.");
}
