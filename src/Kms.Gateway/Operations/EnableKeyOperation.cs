using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>EnableKey</c>: native <c>POST /api/v1/go-kms/enablekey</c> and AWS <c>TrentService.EnableKey</c>.</summary>
public sealed class EnableKeyOperation : KmsOperation<EnableKeyOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "EnableKey";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.EnableKey(key, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata m, Front f) => f.IsAws ? EmptyResponse.Instance : KeyResponses.MetadataOf(m.Key, f);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<KeyResponses.NativeKeyMetadataResponse, EmptyResponse>();
}
