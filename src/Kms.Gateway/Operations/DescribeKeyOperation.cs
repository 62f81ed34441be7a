using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>DescribeKey</c>: native <c>POST /api/v1/go-kms/describekey</c> and AWS <c>TrentService.DescribeKey</c>.</summary>
public sealed class DescribeKeyOperation : KmsOperation<DescribeKeyOperation.Request, KeyReplies.Metadata>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "DescribeKey";

    protected override Role Allowed => Role.Crypto | Role.Read;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.Metadata>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.DescribeKey(key, c.Aborted));

    protected internal override object Render(KeyReplies.Metadata m, Front f) => KeyResponses.MetadataOf(m.Key, f);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<KeyResponses.NativeKeyMetadataResponse, KeyResponses.AwsKeyMetadataResponse>();
}
