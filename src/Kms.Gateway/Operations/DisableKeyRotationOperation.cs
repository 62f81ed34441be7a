using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>DisableKeyRotation</c>: native <c>POST /api/v1/go-kms/disablekeyrotation</c> and AWS <c>TrentService.DisableKeyRotation</c>.</summary>
public sealed class DisableKeyRotationOperation : KmsOperation<DisableKeyRotationOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "DisableKeyRotation";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.DisableKeyRotation(key, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata _, Front f) => EmptyResponse.Instance;

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<EmptyResponse>();
}
