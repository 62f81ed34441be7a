using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>VerifyMac</c>: native <c>POST /api/v1/go-kms/verifymac</c> and AWS <c>TrentService.VerifyMac</c>.</summary>
public sealed class VerifyMacOperation : KmsOperation<VerifyMacOperation.Request, KeyReplies.MacVerified>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public byte[]? Message { get; set; }
        public byte[]? Mac { get; set; }
        public string? MacAlgorithm { get; set; }
    }

    public override string Name => "VerifyMac";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.MacVerified>> Run(OperationContext c, Request r) =>
        AwsNames.ParseMacAlgorithm(r.MacAlgorithm) is not { } algorithm ? Task.FromResult<Result<KeyReplies.MacVerified>>(AwsNames.UnknownMacAlgorithm)
        : r.Mac is null or { Length: 0 } ? Task.FromResult<Result<KeyReplies.MacVerified>>(KmsError.Validation("Mac is required."))
        : c.WithKey(r.KeyId, key => c.Keys.VerifyMac(key, r.Message ?? [], r.Mac, algorithm, c.Aborted));

    protected internal override object Render(KeyReplies.MacVerified v, Front f) => new CryptoResponses.VerifyMacResponse(f.Arns.Key(v.KeyId), MacValid: true, AwsNames.Of(v.Algorithm));

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<CryptoResponses.VerifyMacResponse>();
}
