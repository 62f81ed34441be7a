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
/// Whatever the primary provider wraps is unwrapped once and compared before it is handed out to be persisted.
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
        GeneratedKeyMaterial? generated = null;
        try
        {
            generated = Primary.Generate(request.Binding, request.Bytes);
            CheckWrapped(request.Binding, generated.Material, generated.Wrapped);
            Sender.Tell(new MasterKeyProtocol.Generated(generated, Primary.Name));
        }
        catch (Exception e)
        {
            if (generated is not null) CryptographicOperations.ZeroMemory(generated.Material);
            _log.Error("Generating key material for {0} v{1} failed: {2}", request.Binding.KeyId, request.Binding.Version, e.GetType().Name);
            Sender.Tell(new MasterKeyProtocol.Failed(e is WrapCheckFailedException
                ? WrapCheckFailed
                : KmsError.Unavailable("The master key provider could not generate key material.")));
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
                    var wrapped = Primary.Wrap(binding, material);
                    CheckWrapped(binding, material, wrapped);
                    rewrapped.Add(new MasterKeyProtocol.WrappedVersion(version.Version, Primary.Name, wrapped, binding.Format));
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

    private static readonly KmsError WrapCheckFailed =
        new(KmsErrorCode.Internal, "The master key provider's wrapped material did not unwrap to the same material; nothing was stored.");

    /// <summary>
    /// Unwraps newly wrapped material once and compares it, so that a provider that wraps wrongly (a token that picks
    /// its own IV, say) fails the request instead of persisting material that can never be unwrapped.
    /// </summary>
    private void CheckWrapped(KeyWrapBinding binding, byte[] material, byte[] wrapped)
    {
        var (keyId, version) = (binding.KeyId, binding.Version);
        byte[] back;
        try
        {
            back = Primary.Unwrap(binding, wrapped);
        }
        catch (CryptographicException e)
        {
            throw new WrapCheckFailedException($"The material wrapped for {keyId} v{version} does not unwrap.", e);
        }
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(back, material))
                throw new WrapCheckFailedException($"The material wrapped for {keyId} v{version} unwraps to different bytes.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(back);
        }
    }

    private IMasterKeyProvider ProviderFor(MasterKeyProtocol.WrappedVersion version) =>
        _providers.FirstOrDefault(p => p.Name == version.Provider)
        ?? throw new MissingProviderException(version.Provider);

    private static KmsError Failure(Exception e) => e switch
    {
        WrapCheckFailedException => WrapCheckFailed,
        CryptographicException => new KmsError(KmsErrorCode.Internal, "The key's material does not unwrap under this master key."),
        MissingProviderException missing => KmsError.Unavailable(missing.Message),
        _ => KmsError.Unavailable("The master key provider is unavailable."),
    };

    protected override void PreStart() => Context.ActorOf(UndeliveredMaterialWiper.Props(), "undelivered-material");

    protected override void PostStop()
    {
        foreach (var provider in _providers) provider.Dispose();
    }

    private sealed class MissingProviderException(string provider)
        : Exception($"The key's material is wrapped by the '{provider}' provider, which this node is not configured with.");
}
