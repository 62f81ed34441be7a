using Kms.Actors;
using Kms.Actors.Keys;

namespace Kms.Gateway.Operations;

/// <summary><c>DisableKey</c>: native <c>POST /api/v1/go-kms/disablekey</c> and AWS <c>TrentService.DisableKey</c>.</summary>
public sealed class DisableKeyOperation : KmsOperation<DisableKeyOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "DisableKey";

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.DisableKey(key, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata m, Front f) => f.IsAws ? EmptyResponse.Instance : KeyResponses.MetadataOf(m.Key, f);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<KeyResponses.NativeKeyMetadataResponse, EmptyResponse>();
}
