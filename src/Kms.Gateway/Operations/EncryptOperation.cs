using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>Encrypt</c>: native <c>POST /api/v1/go-kms/encrypt</c> and AWS <c>TrentService.Encrypt</c>.</summary>
public sealed class EncryptOperation : KmsOperation<EncryptOperation.Request, KeyReplies.Encrypted>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public byte[]? Plaintext { get; set; }
        public Dictionary<string, string>? EncryptionContext { get; set; }
        public string? EncryptionAlgorithm { get; set; }
    }

    public override string Name => "Encrypt";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Encrypted>> Run(OperationContext c, Request r) =>
        CiphertextKeys.RefuseAlgorithm<KeyReplies.Encrypted>(r.EncryptionAlgorithm) ?? c.WithKey(r.KeyId, key => c.Keys.Encrypt(key, r.Plaintext ?? [], r.EncryptionContext, c.Aborted));

    protected internal override object Render(KeyReplies.Encrypted e, Front f) => f.IsAws
        ? new CryptoResponses.AwsEncryptResponse(e.CiphertextBlob, f.Arns.Key(e.KeyId), AwsNames.SymmetricDefault)
        : new CryptoResponses.NativeEncryptResponse(e.CiphertextBlob);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<CryptoResponses.NativeEncryptResponse, CryptoResponses.AwsEncryptResponse>();
}
