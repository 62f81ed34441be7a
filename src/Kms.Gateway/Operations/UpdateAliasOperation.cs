using Kms.Actors;
using Kms.Actors.Aliases;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>UpdateAlias</c>: native <c>POST /api/v1/go-kms/updatealias</c> and AWS <c>TrentService.UpdateAlias</c>.</summary>
public sealed class UpdateAliasOperation : KmsOperation<UpdateAliasOperation.Request, AliasReplies.Alias>
{
    public sealed class Request
    {
        public string? AliasName { get; set; }
        public string? TargetKeyId { get; set; }
    }

    public override string Name => "UpdateAlias";

    protected override string?[] KeyReferences(Request r) => [r.TargetKeyId];

    protected override string?[] AliasNames(Request r) => [r.AliasName];

    protected override Task<Result<AliasReplies.Alias>> Run(OperationContext c, Request r) =>
        c.WithAliasTarget(r.AliasName, r.TargetKeyId, target => c.Keys.UpdateAlias(r.AliasName, target, c.Aborted));

    protected internal override object Render(AliasReplies.Alias _, Front f) => EmptyResponse.Instance;

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<EmptyResponse>();
}
