using Kms.Actors;
using Kms.Actors.Keys;
using Kms.Gateway.Auth;

namespace Kms.Gateway.Operations;

/// <summary><c>GetKeyRotationStatus</c>: native <c>POST /api/v1/go-kms/getkeyrotationstatus</c> and AWS <c>TrentService.GetKeyRotationStatus</c>.</summary>
public sealed class GetKeyRotationStatusOperation : KmsOperation<GetKeyRotationStatusOperation.Request, KeyReplies.RotationStatus>
{
    public sealed class Request
    {
        public string? KeyId { get; set; }
    }

    public override string Name => "GetKeyRotationStatus";

    protected override Role Allowed => Role.Read;

    protected override string?[] KeyReferences(Request r) => [r.KeyId];

    protected override Task<Result<KeyReplies.RotationStatus>> Run(OperationContext c, Request r) =>
        c.WithKey(r.KeyId, key => c.Keys.GetKeyRotationStatus(key, c.Aborted));

    protected internal override object Render(KeyReplies.RotationStatus s, Front f) => f.IsAws
        ? new KeyResponses.AwsKeyRotationStatusResponse(s.Enabled, f.Arns.Key(s.KeyId), s.RotationPeriodInDays, ResponseDates.Aws(s.NextRotationDate))
        : new KeyResponses.NativeKeyRotationStatusResponse(s.Enabled, f.Arns.Key(s.KeyId), s.RotationPeriodInDays, ResponseDates.Native(s.NextRotationDate));

    public override ReplyTypes ReplyTypes => ReplyTypes.Of<KeyResponses.NativeKeyRotationStatusResponse, KeyResponses.AwsKeyRotationStatusResponse>();
}
