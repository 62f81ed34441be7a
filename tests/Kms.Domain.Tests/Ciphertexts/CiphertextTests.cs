using System.Text;

namespace Kms.Domain.Tests.Ciphertexts;

public class CiphertextTests
{
    private const string KeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static byte[] Blob(string keyId, int version)
    {
        var blob = new byte[CiphertextFormat.Overhead(Encoding.UTF8.GetByteCount(keyId)) + 3];
        CiphertextFormat.WriteHeader(blob, keyId, version, new byte[CiphertextFormat.SaltSize], new byte[CiphertextFormat.NonceSize]);
        return blob;
    }

    [Fact]
    public void A_blob_is_read_once_into_its_key_version_and_parts_over_the_same_bytes()
    {
        var blob = Blob(KeyId, 3);

        Assert.True(Ciphertext.TryParse(blob, out var ciphertext, out var error), error);
        Assert.Same(blob, ciphertext.Blob);
        Assert.Equal(KeyId, ciphertext.KeyId);
        Assert.Equal(3, ciphertext.Parts.KeyVersion);
        Assert.Equal(3, ciphertext.Parts.Ciphertext.Length);
    }

    [Fact]
    public void A_blob_that_is_not_ours_is_refused_with_the_format_reason()
    {
        Assert.False(Ciphertext.TryParse([1, 2, 3], out var ciphertext, out var error));
        Assert.Null(ciphertext);
        Assert.Equal("The ciphertext is not a Kms ciphertext blob.", error);
    }
}
