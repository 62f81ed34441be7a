using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>ListKeyRotations</c>: native <c>POST /api/v1/go-kms/listkeyrotations</c> and AWS <c>TrentService.ListKeyRotations</c>.</summary>
public sealed class ListKeyRotationsOperation : KmsOperation<ListKeyRotationsOperation.Request, Page<KeyReplies.Rotation>>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
        public int? Limit { get; set; }
        public string? Marker { get; set; }
    }

    public override string Name => "ListKeyRotations";

    protected override Role Allowed => Role.Read;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<Page<KeyReplies.Rotation>>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.ListKeyRotations(key, r.Limit, r.Marker, c.Aborted));

    protected internal override object Render(Page<KeyReplies.Rotation> p, Front f) => f.IsAws
        ? new KeyResponses.AwsListKeyRotationsResponse([.. p.Items.Select(i => new KeyResponses.AwsRotationEntry(f.Arns.Key(p.KeyId!), ResponseDates.Aws(i.RotationDate), AwsNames.Of(i.RotationType)))], p.NextMarker, p.Truncated)
        : new KeyResponses.NativeListKeyRotationsResponse([.. p.Items.Select(i => new KeyResponses.NativeRotationEntry(f.Arns.Key(p.KeyId!), ResponseDates.Native(i.RotationDate), AwsNames.Of(i.RotationType)))], p.NextMarker, p.Truncated);

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<KeyResponses.NativeListKeyRotationsResponse, KeyResponses.AwsListKeyRotationsResponse>();
}
