using Kms.Actors.Crypto;
using Kms.Actors.MasterKey;
using Kms.Actors.Tests.Vectors;

namespace Kms.Actors.Tests.Crypto;

/// <summary>
/// A data directory's <c>master-key.json</c> written by an earlier Kms (Vectors/master-key/) must derive the same
/// master key from the same passphrase, and from it everything else in the vectors must follow.
/// </summary>
public sealed class MasterKeyVectorTests
{
    private static readonly CryptoVectors.Set Vectors = CryptoVectors.Load();

    private static string ParametersDirectory => Path.Combine(CryptoVectors.Directory, CryptoVectors.MasterKeyDirectory);

    [Fact]
    public void The_committed_parameters_and_passphrase_derive_the_committed_master_key()
    {
        var masterKey = MasterKeyParametersFile.DeriveIfPresent(ParametersDirectory, Vectors.Passphrase);

        Assert.NotNull(masterKey);
        Assert.Equal(Vectors.MasterKey, Convert.ToHexStringLower(masterKey));
    }

    [Fact]
    public void The_committed_parameters_refuse_another_passphrase()
    {
        Assert.Throws<WrongPassphraseException>(() => MasterKeyParametersFile.DeriveIfPresent(ParametersDirectory, Vectors.Passphrase + "!"));
    }

    [Fact]
    public void From_the_passphrase_alone_every_committed_blob_decrypts()
    {
        var masterKey = MasterKeyParametersFile.DeriveIfPresent(ParametersDirectory, Vectors.Passphrase)!;

        foreach (var vector in Vectors.Ciphertexts)
        {
            var wrapped = Vectors.WrappedKeys.Single(k => k.KeyId == vector.KeyId && k.Version == vector.KeyVersion);
            var material = KeyWrap.Unwrap(masterKey, wrapped.Binding, Convert.FromBase64String(wrapped.Wrapped));
            Assert.True(CiphertextFormat.TryParse(Convert.FromBase64String(vector.Blob), out var parsed, out var error), error);

            Assert.Equal(Convert.FromBase64String(vector.Plaintext), DataCipher.Decrypt(material, parsed, vector.EncryptionContext));
        }
    }
}
