using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>ReEncrypt</c>: native <c>POST /api/v1/go-kms/reencrypt</c> and AWS <c>TrentService.ReEncrypt</c>.</summary>
public sealed class ReEncryptOperation : KmsOperation<ReEncryptOperation.Request, KeyReplies.ReEncrypted>
{
    public sealed class Request
    {
        public byte[]? CiphertextBlob { get; set; }
        public string? DestinationKeyId { get; set; }
        public string? SourceKeyId { get; set; }
        public Dictionary<string, string>? SourceEncryptionContext { get; set; }
        public Dictionary<string, string>? DestinationEncryptionContext { get; set; }
        public string? SourceEncryptionAlgorithm { get; set; }
        public string? DestinationEncryptionAlgorithm { get; set; }

        private Result<Ciphertext>? _ciphertext;

        /// <summary>The blob, read once for the key-access check and the operation both.</summary>
        public Result<Ciphertext> ReadCiphertext() => _ciphertext ??= CiphertextKeys.Read(CiphertextBlob);
    }

    public override string Name => "ReEncrypt";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.SourceKeyId, CiphertextKeys.KeyIn(r.ReadCiphertext()), r.DestinationKeyId];

    protected override Task<Result<KeyReplies.ReEncrypted>> Run(OperationContext c, Request r) =>
        CiphertextKeys.RefuseAlgorithm<KeyReplies.ReEncrypted>(r.SourceEncryptionAlgorithm) ?? CiphertextKeys.RefuseAlgorithm<KeyReplies.ReEncrypted>(r.DestinationEncryptionAlgorithm)
        ?? c.WithKey(r.DestinationKeyId, destination => c.WithOptionalKey(r.SourceKeyId, source =>
            c.Keys.ReEncrypt(r.ReadCiphertext(), r.SourceEncryptionContext, source, destination, r.DestinationEncryptionContext, c.Aborted)), "DestinationKeyId");

    protected internal override object Render(KeyReplies.ReEncrypted e, Front f) => f.IsAws
        ? new CryptoResponses.AwsReEncryptResponse(e.CiphertextBlob, f.Arns.Key(e.SourceKeyId), f.Arns.Key(e.KeyId), AwsNames.SymmetricDefault, AwsNames.SymmetricDefault)
        : new CryptoResponses.NativeReEncryptResponse(e.CiphertextBlob, e.KeyId, e.SourceKeyId);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<CryptoResponses.NativeReEncryptResponse, CryptoResponses.AwsReEncryptResponse>();
}
