using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>EnableKeyRotation</c>: native <c>POST /api/v1/go-kms/enablekeyrotation</c> and AWS <c>TrentService.EnableKeyRotation</c>.</summary>
public sealed class EnableKeyRotationOperation : KmsOperation<EnableKeyRotationOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? RotationPeriodInDays { get; set; }
    }

    public override string Name => "EnableKeyRotation";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.EnableKeyRotation(key, r.RotationPeriodInDays ?? KeyLimits.DefaultRotationPeriodDays, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata _, Front f) => EmptyResponse.Instance;

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<EmptyResponse>();
}
