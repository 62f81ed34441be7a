using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>UntagResource</c>: native <c>POST /api/v1/go-kms/untagresource</c> and AWS <c>TrentService.UntagResource</c>.</summary>
public sealed class UntagResourceOperation : KmsOperation<UntagResourceOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public List<string>? TagKeys { get; set; }
    }

    public override string Name => "UntagResource";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        r.TagKeys is null
            ? Task.FromResult<Result<KeyReplies.Metadata>>(KmsError.Validation("TagKeys is required."))
            : c.WithKey(r.KeyId, key => c.Keys.UntagResource(key, r.TagKeys, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata _, Front f) => EmptyResponse.Instance;

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<EmptyResponse>();
}
