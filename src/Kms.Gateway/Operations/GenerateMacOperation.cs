using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>GenerateMac</c>: native <c>POST /api/v1/go-kms/generatemac</c> and AWS <c>TrentService.GenerateMac</c>.</summary>
public sealed class GenerateMacOperation : KmsOperation<GenerateMacOperation.Request, KeyReplies.Mac>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public byte[]? Message { get; set; }
        public string? MacAlgorithm { get; set; }
    }

    public override string Name => "GenerateMac";

    protected override Role Allowed => Role.Crypto;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Mac>> Run(OperationContext c, Request r) =>
        AwsNames.ParseMacAlgorithm(r.MacAlgorithm) is { } algorithm
            ? c.WithKey(r.KeyId, key => c.Keys.GenerateMac(key, r.Message ?? [], algorithm, c.Aborted))
            : Task.FromResult<Result<KeyReplies.Mac>>(AwsNames.UnknownMacAlgorithm);

    protected internal override object Render(KeyReplies.Mac m, Front f) => new CryptoResponses.GenerateMacResponse(m.Value, AwsNames.Of(m.Algorithm), f.Arns.Key(m.KeyId));

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<CryptoResponses.GenerateMacResponse>();
}
