using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>CancelKeyDeletion</c>: native <c>POST /api/v1/go-kms/cancelkeydeletion</c> and AWS <c>TrentService.CancelKeyDeletion</c>.</summary>
public sealed class CancelKeyDeletionOperation : KmsOperation<CancelKeyDeletionOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "CancelKeyDeletion";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.CancelKeyDeletion(key, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata m, Front f) => new KeyResponses.KeyIdResponse(f.Arns.Key(m.Key.KeyId));

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<KeyResponses.KeyIdResponse>();
}
