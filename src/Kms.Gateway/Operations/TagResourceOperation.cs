using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>TagResource</c>: native <c>POST /api/v1/go-kms/tagresource</c> and AWS <c>TrentService.TagResource</c>.</summary>
public sealed class TagResourceOperation : KmsOperation<TagResourceOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public List<TagDto>? Tags { get; set; }
    }

    public override string Name => "TagResource";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        TagDto.ToDictionary(r.Tags) is var (tags, tagError) && tagError is not null ? Task.FromResult<Result<KeyReplies.Metadata>>(tagError)
        : tags is null ? Task.FromResult<Result<KeyReplies.Metadata>>(KmsError.Validation("Tags is required."))
        : c.WithKey(r.KeyId, key => c.Keys.TagResource(key, tags, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata _, Front f) => EmptyResponse.Instance;

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<EmptyResponse>();
}
