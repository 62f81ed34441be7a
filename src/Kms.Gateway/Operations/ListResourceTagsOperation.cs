using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>ListResourceTags</c>: native <c>POST /api/v1/go-kms/listresourcetags</c> and AWS <c>TrentService.ListResourceTags</c>.</summary>
public sealed class ListResourceTagsOperation : KmsOperation<ListResourceTagsOperation.Request, Page<KeyValuePair<string, string>>>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public override string Name => "ListResourceTags";

    protected override Role Allowed => Role.Read;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<Page<KeyValuePair<string, string>>>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.ListResourceTags(key, r.Limit, r.Marker, c.Aborted));

    protected internal override object Render(Page<KeyValuePair<string, string>> p, Front f) => new KeyResponses.ListResourceTagsResponse([.. p.Items.Select(t => new TagDto { TagKey = t.Key, TagValue = t.Value })], p.NextMarker, p.Truncated);

    public override ReplyTypes ReplyTypes => ReplyTypes.Same<KeyResponses.ListResourceTagsResponse>();
}
