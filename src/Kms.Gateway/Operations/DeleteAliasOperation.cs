using Kms.Actors;
using Kms.Actors.Aliases;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>DeleteAlias</c>: native <c>POST /api/v1/go-kms/deletealias</c> and AWS <c>TrentService.DeleteAlias</c>.</summary>
public sealed class DeleteAliasOperation : KmsOperation<DeleteAliasOperation.Request, AliasReplies.Deleted>
{
    public sealed class Request
    {
        public string? AliasName { get; set; }
    }

    public override string Name => "DeleteAlias";

    protected override string?[] AliasNames(Request r) => [r.AliasName];

    protected override Task<Result<AliasReplies.Deleted>> Run(OperationContext c, Request r) =>
        c.Keys.DeleteAlias(r.AliasName, c.Aborted);

    protected internal override object Render(AliasReplies.Deleted _, Front f) => EmptyResponse.Instance;

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<EmptyResponse>();
}
