using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>UpdateKeyDescription</c>: native <c>POST /api/v1/go-kms/updatekeydescription</c> and AWS <c>TrentService.UpdateKeyDescription</c>.</summary>
public sealed class UpdateKeyDescriptionOperation : KmsOperation<UpdateKeyDescriptionOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public string? Description { get; set; }
    }

    public override string Name => "UpdateKeyDescription";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        r.Description is null
            ? Task.FromResult<Result<KeyReplies.Metadata>>(KmsError.Validation("Description is required."))
            : c.WithKey(r.KeyId, key => c.Keys.UpdateKeyDescription(key, r.Description, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata _, Front f) => EmptyResponse.Instance;

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<EmptyResponse>();
}
