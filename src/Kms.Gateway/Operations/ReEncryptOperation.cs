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
    }

    public override string Name => "ReEncrypt";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.SourceKeyId, CiphertextKeys.KeyIn(r.CiphertextBlob), r.DestinationKeyId];

    protected override Task<IKmsReply> Run(OperationContext c, Request r) =>
        CiphertextKeys.RefuseAlgorithm(r.SourceEncryptionAlgorithm) ?? CiphertextKeys.RefuseAlgorithm(r.DestinationEncryptionAlgorithm) ?? c.Keys.ReEncrypt(r.CiphertextBlob, r.SourceEncryptionContext, r.SourceKeyId, r.DestinationKeyId, r.DestinationEncryptionContext, c.Aborted);

    protected override object Render(KeyReplies.ReEncrypted e, Front f) => f.IsAws ? new { e.CiphertextBlob, SourceKeyId = f.Arns.Key(e.SourceKeyId), KeyId = f.Arns.Key(e.KeyId), SourceEncryptionAlgorithm = AwsNames.SymmetricDefault, DestinationEncryptionAlgorithm = AwsNames.SymmetricDefault } : new { e.CiphertextBlob, KeyID = e.KeyId, SourceKeyID = e.SourceKeyId };
}
