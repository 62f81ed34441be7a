using Kms.Gateway.Operations;

namespace Kms.Gateway.Tests.Operations;

public class CiphertextKeysTests
{
    private const string KeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static byte[] Blob(string keyId)
    {
        var blob = new byte[CiphertextFormat.Overhead(keyId.Length) + 1];
        CiphertextFormat.WriteHeader(blob, keyId, 1, new byte[CiphertextFormat.SaltSize], new byte[CiphertextFormat.NonceSize]);
        return blob;
    }

    [Fact]
    public void A_missing_or_empty_blob_is_required()
    {
        Assert.Equal("CiphertextBlob is required.", CiphertextKeys.Read(null).Error?.Message);
        Assert.Equal(KmsErrorCode.Validation, CiphertextKeys.Read([]).Error?.Code);
    }

    [Fact]
    public void A_malformed_blob_is_an_invalid_ciphertext_and_names_no_key()
    {
        var read = CiphertextKeys.Read([9, 9, 9]);

        Assert.Equal(KmsErrorCode.InvalidCiphertext, read.Error?.Code);
        Assert.Null(CiphertextKeys.KeyIn(read));
    }

    [Fact]
    public void A_blob_naming_a_malformed_key_id_is_still_read_so_the_access_check_sees_that_name()
    {
        Assert.Equal("not-a-key", CiphertextKeys.KeyIn(CiphertextKeys.Read(Blob("not-a-key"))));
    }

    [Fact]
    public void Decrypt_reads_its_blob_once_for_the_access_check_and_the_operation()
    {
        var request = new DecryptOperation.Request { CiphertextBlob = Blob(KeyId) };

        Assert.Same(request.ReadCiphertext().Value, request.ReadCiphertext().Value);
        Assert.Equal(KeyId, CiphertextKeys.KeyIn(request.ReadCiphertext()));
    }

    [Fact]
    public void ReEncrypt_reads_its_blob_once_for_the_access_check_and_the_operation()
    {
        var request = new ReEncryptOperation.Request { CiphertextBlob = Blob(KeyId) };

        Assert.Same(request.ReadCiphertext().Value, request.ReadCiphertext().Value);
    }
}
