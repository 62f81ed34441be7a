using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>Decrypt</c>: native <c>POST /api/v1/go-kms/decrypt</c> and AWS <c>TrentService.Decrypt</c>.</summary>
public sealed class DecryptOperation : KmsOperation<DecryptOperation.Request, KeyReplies.Decrypted>
{
    public sealed class Request
    {
        public byte[]? CiphertextBlob { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
        public string? KeyId { get; set; }
        public string? EncryptionAlgorithm { get; set; }

        private Result<Ciphertext>? _ciphertext;

        /// <summary>The blob, read once for the key-access check and the operation both.</summary>
        public Result<Ciphertext> ReadCiphertext() => _ciphertext ??= CiphertextKeys.Read(CiphertextBlob);
    }

    public override string Name => "Decrypt";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.KeyId, CiphertextKeys.KeyIn(r.ReadCiphertext())];

    protected override Task<Result<KeyReplies.Decrypted>> Run(OperationContext c, Request r) =>
        CiphertextKeys.RefuseAlgorithm<KeyReplies.Decrypted>(r.EncryptionAlgorithm) ?? c.WithOptionalKey(r.KeyId, key => c.Keys.Decrypt(r.ReadCiphertext(), r.EncryptionContext, key, c.Aborted));

    protected internal override object Render(KeyReplies.Decrypted d, Front f) => f.IsAws
        ? new CryptoResponses.AwsDecryptResponse(f.Arns.Key(d.KeyId), d.Plaintext, AwsNames.SymmetricDefault)
        : new CryptoResponses.NativeDecryptResponse(d.Plaintext);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<CryptoResponses.NativeDecryptResponse, CryptoResponses.AwsDecryptResponse>();
}
