using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>RotateKeyOnDemand</c>: native <c>POST /api/v1/go-kms/rotatekeyondemand</c> and AWS <c>TrentService.RotateKeyOnDemand</c>.</summary>
public sealed class RotateKeyOnDemandOperation : KmsOperation<RotateKeyOnDemandOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "RotateKeyOnDemand";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.RotateKeyOnDemand(key, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata m, Front f) => new KeyResponses.KeyIdResponse(m.Key.KeyId);

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<KeyResponses.KeyIdResponse>();
}
