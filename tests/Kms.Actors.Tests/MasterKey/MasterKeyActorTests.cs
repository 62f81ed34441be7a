using System.Security.Cryptography;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Kms.Actors.Crypto;
using Kms.Actors.Keys;
using Kms.Actors.MasterKey;

namespace Kms.Actors.Tests.MasterKey;

public class MasterKeyActorTests() : TestKit(KmsTestConfig.Value)
{
    private static readonly KeyWrapBinding Binding = new("key-1", 1, KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt);

    /// <summary>A provider whose wrapping is broken the way a token that chooses its own IV breaks it: the result never unwraps.</summary>
    private sealed class MiswrappingProvider : IMasterKeyProvider
    {
        private readonly SoftwareMasterKeyProvider _inner = new(RandomNumberGenerator.GetBytes(32));

        public string Name => "broken";

        public GeneratedKeyMaterial Generate(KeyWrapBinding binding, int bytes)
        {
            var generated = _inner.Generate(binding, bytes);
            return generated with { Wrapped = Spoil(generated.Wrapped) };
        }

        public byte[] Wrap(KeyWrapBinding binding, byte[] material) => Spoil(_inner.Wrap(binding, material));

        public byte[] Unwrap(KeyWrapBinding binding, byte[] wrapped) => _inner.Unwrap(binding, wrapped);

        public byte[] DeriveJournalMacKey() => _inner.DeriveJournalMacKey();

        private static byte[] Spoil(byte[] wrapped)
        {
            wrapped[0] ^= 1;
            return wrapped;
        }

        public void Dispose() => _inner.Dispose();
    }

    [Fact]
    public void Generated_material_that_does_not_unwrap_back_is_refused_with_an_internal_error()
    {
        var masterKey = Sys.ActorOf(MasterKeyActor.Props(new MiswrappingProvider()));
        masterKey.Tell(new MasterKeyProtocol.Generate(Binding, 32), TestActor);
        var failed = ExpectMsg<MasterKeyProtocol.Failed>();
        Assert.Equal(KmsErrorCode.Internal, failed.Error.Code);
        Assert.Contains("nothing was stored", failed.Error.Message);
    }

    [Fact]
    public void Rewrapped_material_that_does_not_unwrap_back_is_refused_with_an_internal_error()
    {
        var software = new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32));
        var wrapped = software.Generate(Binding, 32).Wrapped;
        var masterKey = Sys.ActorOf(MasterKeyActor.Props(new MiswrappingProvider(), software));
        masterKey.Tell(new MasterKeyProtocol.Rewrap("key-1", KeySpec.SymmetricDefault, KeyUsage.EncryptDecrypt, [new MasterKeyProtocol.WrappedVersion(1, software.Name, wrapped, Binding.Format)]), TestActor);
        Assert.Equal(KmsErrorCode.Internal, ExpectMsg<MasterKeyProtocol.Failed>().Error.Code);
    }

    [Fact]
    public void Material_that_unwraps_back_is_handed_out()
    {
        var masterKey = Sys.ActorOf(MasterKeyActor.Props(new SoftwareMasterKeyProvider(RandomNumberGenerator.GetBytes(32))));
        masterKey.Tell(new MasterKeyProtocol.Generate(Binding, 32), TestActor);
        Assert.Equal(32, ExpectMsg<MasterKeyProtocol.Generated>().Key.Material.Length);
    }
}
